package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The training loop: mini-batch Adam over the training data in a shuffled order per epoch,
 * the validation metric after every epoch (AUC for binary models, RMSE for regression, scored
 * by the CPU backend on the package the epoch's weights make), the best epoch's weights kept,
 * and early stopping after {@code patience} epochs without improvement.
 *
 * <p>Deterministic: the same config, data, seed and options give the same bits, whatever the
 * thread count (every reduction runs in a fixed order, see {@code io.sqlscore.train.math}).
 */
public final class Trainer {
  private Trainer() {}

  /**
   * Trains a fresh model of config (a complete package config: kind, task, hyperparameters,
   * features) on train, early-stopping on validation (null or empty: no early stopping, the
   * last epoch is kept), calling listener after every epoch and cancelled between batches (a
   * cancelled run throws SqlscoreException with code QUERY_CANCELED and produces nothing).
   *
   * <p>Regression labels are standardised by their mean and standard deviation over the
   * training rows (one extra pass over the data before the first epoch) and the package
   * predicts on the labels' own scale.
   *
   * @throws SqlscoreException INVALID_ARGUMENT when the training data has fewer than 2 rows or a
   *     binary label is not 0 or 1, BAD_FEATURE_VALUE for an id outside the feature space,
   *     QUERY_CANCELED when cancelled
   */
  public static TrainedModel train(
      ModelConfig config,
      TrainingData train,
      TrainingData validation,
      TrainOptions options,
      Consumer<EpochStats> listener,
      BooleanSupplier cancelled) {
    if (train.rows() < 2) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "training needs at least 2 rows, the training data has %d", train.rows());
    }
    double[] standardisation = config.task() == Task.REGRESSION ? standardisation(train, options) : new double[] {0, 1};
    boolean binary = config.task() == Task.BINARY;
    boolean validating = validation != null && validation.rows() > 0;
    List<EpochStats> history = new ArrayList<>();
    byte[] bestWeights = null;
    int bestEpoch = -1;
    double bestMetric = Double.NaN;
    int sinceBest = 0;
    try (TrainingSession session = new TrainingSession(config, options, standardisation[0], standardisation[1]);
        PackageScorer scorer = new PackageScorer(options.threads())) {
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        long start = System.nanoTime();
        double[] lossAndRows = trainEpoch(session, train, options, epoch, cancelled);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        byte[] weights = session.weights();
        double metric = Double.NaN;
        String metricName = binary ? "auc" : "rmse";
        if (validating) {
          PackageScorer.Scored scored = scorer.score(new TrainedModel(config, weights, history, epoch, Double.NaN).toPackage("training run"), validation);
          metric = scored.metric(binary);
          if (binary && Double.isNaN(metric)) {
            metricName = "logloss";
            metric = Metrics.logloss(scored.scores(), scored.labels());
          }
        }
        boolean higherIsBetter = metricName.equals("auc");
        boolean best = !validating || bestWeights == null
            || (higherIsBetter ? metric > bestMetric : metric < bestMetric);
        if (best) {
          bestWeights = weights;
          bestEpoch = epoch;
          bestMetric = metric;
          sinceBest = 0;
        } else {
          sinceBest++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        EpochStats stats = new EpochStats(
            epoch, lossAndRows[0], metric, metricName, lossAndRows[1] / trainSeconds, seconds,
            seconds * (options.epochs() - epoch - 1), best);
        history.add(stats);
        if (listener != null) {
          listener.accept(stats);
        }
        if (validating && options.patience() > 0 && sinceBest >= options.patience()) {
          break;
        }
      }
    }
    return new TrainedModel(config, bestWeights, List.copyOf(history), bestEpoch, bestMetric);
  }

  /** One pass over the training rows; returns the mean loss and the rows trained on. */
  private static double[] trainEpoch(
      TrainingSession session, TrainingData train, TrainOptions options, int epoch, BooleanSupplier cancelled) {
    double[] sums = new double[2];
    boolean binary = session.config().task() == Task.BINARY;
    train.forEachBatch(options.seed(), epoch, options.batchSize(), batch -> {
      if (cancelled != null && cancelled.getAsBoolean()) {
        throw SqlscoreException.of(
            ErrorCode.QUERY_CANCELED, "training was cancelled in epoch %d; no model was saved", epoch + 1);
      }
      if (binary) {
        checkBinary(batch);
      }
      if (batch.rows() < 2) {
        return; // BatchNorm cannot train on one row; the last row of an epoch may be left out
      }
      double loss = session.step(batch);
      sums[0] += loss * batch.rows();
      sums[1] += batch.rows();
    });
    return new double[] {sums[1] == 0 ? Double.NaN : sums[0] / sums[1], sums[1]};
  }

  private static void checkBinary(Batch batch) {
    for (int b = 0; b < batch.rows(); b++) {
      float y = batch.labels()[b];
      if (y != 0f && y != 1f) {
        throw SqlscoreException.of(
            ErrorCode.INVALID_ARGUMENT, "a binary model's labels must be 0 or 1, found %s", y);
      }
    }
  }

  /** Mean and standard deviation of the training labels (Welford; 1 when they are all equal). */
  private static double[] standardisation(TrainingData train, TrainOptions options) {
    double[] state = new double[3];
    train.forEachBatch(options.seed(), 0, 4096, batch -> {
      for (int b = 0; b < batch.rows(); b++) {
        double y = batch.labels()[b];
        if (!Double.isFinite(y)) {
          throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "a regression label is %s; labels must be finite", y);
        }
        state[0]++;
        double delta = y - state[1];
        state[1] += delta / state[0];
        state[2] += delta * (y - state[1]);
      }
    });
    double mean = state[1];
    double std = Math.sqrt(state[2] / state[0]);
    return new double[] {mean, std > 1e-12 * Math.max(1, Math.abs(mean)) ? std : 1};
  }
}

package io.sqlscore.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The table {@code sqlscore.training_runs}: one row per epoch of every training run, written
 * and committed as each epoch ends, so that other connections watch a run while it trains
 * (inside the session's explicit transaction they join it, like every registry change).
 *
 * <p>A run is visible from its start: it begins with one row whose {@code epoch} is NULL, which
 * the first epoch's figures then fill in. Every row of a run carries the run's state
 * ({@code running}, then {@code finished}, {@code cancelled} or {@code failed}), its start and
 * end, and, once a version exists, the version. A run that ends before its first epoch keeps
 * its one row with {@code epoch} NULL, and {@code detail} says why it ended.
 */
public final class TrainingRuns {
  /** The states of a run. */
  public enum State {
    /** Training. */
    RUNNING,
    /** Ended with a version (new, or an identical existing one). */
    FINISHED,
    /** Stopped by {@code Statement.cancel()} or a query timeout; no version was created. */
    CANCELLED,
    /** Stopped by an error; no version was created. */
    FAILED;

    /** The state as stored. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What one epoch reports.
   *
   * @param epoch the 1-based epoch number
   * @param trainLoss the mean training loss of the epoch
   * @param metric the validation metric's name ({@code auc}, {@code logloss}, {@code rmse})
   * @param validationMetric its value, or NaN without validation rows
   * @param best whether the epoch's weights are the best so far
   * @param rowsPerSecond training rows per second
   * @param seconds the epoch's wall time
   * @param etaSeconds the estimated time left if no early stop happens
   */
  public record Epoch(int epoch, double trainLoss, String metric, double validationMetric, boolean best,
      double rowsPerSecond, double seconds, double etaSeconds) {}

  private final RegistryTransactions transactions;

  TrainingRuns(RegistryTransactions transactions) {
    this.transactions = transactions;
  }

  /** Starts a run of {@code model} by {@code who}: its row, state running. Returns the run id. */
  public long start(String model, String who, String detail) {
    return transactions.write(c -> {
      long run = ModelRegistry.queryLong(c, "SELECT nextval('sqlscore.training_run_seq')");
      ModelRegistry.update(c, "INSERT INTO sqlscore.training_runs (run_id, model, state, started_at, started_by, "
          + "detail) VALUES (?, ?, ?, now(), ?, ?)", run, model, State.RUNNING.text(), who, detail);
      return run;
    });
  }

  /** Records an epoch of run {@code run}, committed at once. */
  public void epoch(long run, Epoch e) {
    transactions.write(c -> {
      Object metric = Double.isNaN(e.validationMetric()) ? null : e.validationMetric();
      String figures = "train_loss = ?, metric = ?, validation_metric = ?, best = ?, rows_per_s = ?, "
          + "epoch_seconds = ?, eta_seconds = ?";
      long filled = ModelRegistry.queryLong(c, "SELECT count(*) FROM sqlscore.training_runs "
          + "WHERE run_id = ? AND epoch IS NULL", run);
      if (filled > 0) {
        ModelRegistry.update(c, "UPDATE sqlscore.training_runs SET epoch = ?, " + figures
            + " WHERE run_id = ? AND epoch IS NULL", e.epoch(), e.trainLoss(), e.metric(), metric, e.best(),
            e.rowsPerSecond(), e.seconds(), e.etaSeconds(), run);
      } else {
        ModelRegistry.update(c, "INSERT INTO sqlscore.training_runs (run_id, model, epoch, train_loss, metric, "
            + "validation_metric, best, rows_per_s, epoch_seconds, eta_seconds, state, started_at, started_by, "
            + "detail) SELECT run_id, model, ?, ?, ?, ?, ?, ?, ?, ?, state, started_at, started_by, detail "
            + "FROM sqlscore.training_runs WHERE run_id = ? LIMIT 1", e.epoch(), e.trainLoss(), e.metric(), metric,
            e.best(), e.rowsPerSecond(), e.seconds(), e.etaSeconds(), run);
      }
      return null;
    });
  }

  /** Ends run {@code run} in {@code state} (not finished: that comes with its version), saying why. */
  public void end(long run, State state, String detail) {
    transactions.write(c -> {
      endIn(c, run, state, null, detail);
      return null;
    });
  }

  /** Ends a run inside the caller's transaction; a null {@code detail} keeps the run's detail. */
  static void endIn(Connection c, long run, State state, Long version, String detail) throws SQLException {
    ModelRegistry.update(c, "UPDATE sqlscore.training_runs SET state = ?, version = ?, ended_at = now(), "
        + "detail = coalesce(?, detail) WHERE run_id = ?", state.text(), version, detail, run);
  }
}

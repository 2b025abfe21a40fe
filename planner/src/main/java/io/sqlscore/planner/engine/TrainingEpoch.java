package io.sqlscore.planner.engine;

import io.sqlscore.train.EpochStats;
import java.util.Locale;

/**
 * One finished epoch of a {@code CREATE MODEL ... AS} statement, as the session reports it to
 * its training listener (the shell prints {@link #line()}).
 *
 * @param model the model being trained
 * @param runId the run's id in {@code sqlscore.training_runs}
 * @param epochs the most epochs the run may take
 * @param stats the engine's report of the epoch (0-based epoch number)
 */
public record TrainingEpoch(String model, long runId, int epochs, EpochStats stats) {
  /**
   * The progress line, e.g. {@code churn: epoch 3/30  loss 0.3412  validation auc 0.9012
   * 41,200 rows/s  2.1 s  ETA 1m 2s  best}.
   */
  public String line() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: epoch %d/%d  loss %.4f", model,
        stats.epoch() + 1, epochs, stats.trainLoss()));
    if (!Double.isNaN(stats.validationMetric())) {
      line.append(String.format(Locale.ROOT, "  validation %s %.4f", stats.metricName(), stats.validationMetric()));
    }
    line.append(String.format(Locale.ROOT, "  %,.0f rows/s  %.1f s", stats.rowsPerSecond(), stats.seconds()));
    if (stats.epoch() + 1 < epochs) {
      line.append("  ETA ").append(duration(stats.etaSeconds()));
    }
    return stats.best() ? line.append("  best").toString() : line.toString();
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m " + s % 60 + "s" : s / 3600 + "h " + s / 60 % 60 + "m";
  }
}

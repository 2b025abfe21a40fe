package io.sqlscore.train;

/**
 * What a run reports after each epoch.
 *
 * @param epoch 0-based epoch number
 * @param trainLoss mean training loss over the epoch's rows (on standardised labels for
 *     regression)
 * @param validationMetric the validation metric after the epoch (NaN without validation rows)
 * @param metricName {@code auc} (binary; higher is better), {@code logloss} (binary with one
 *     class in validation; lower is better) or {@code rmse} (regression; lower is better)
 * @param rowsPerSecond training rows per second of the epoch's training pass
 * @param seconds wall time of the epoch, validation included
 * @param etaSeconds estimated time for the remaining epochs if none stops early
 * @param best true when this epoch's weights are the best so far (the ones kept)
 */
public record EpochStats(
    int epoch,
    double trainLoss,
    double validationMetric,
    String metricName,
    double rowsPerSecond,
    double seconds,
    double etaSeconds,
    boolean best) {}

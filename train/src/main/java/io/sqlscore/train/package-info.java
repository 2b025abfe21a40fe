/**
 * The training engine's API (CONTRACT-train.md): training data ({@link io.sqlscore.train.Batch},
 * {@link io.sqlscore.train.TrainingData}, {@link io.sqlscore.train.InMemoryTrainingData}),
 * options and hyperparameter defaults ({@link io.sqlscore.train.TrainOptions},
 * {@link io.sqlscore.train.Hyperparameters}), the loop ({@link io.sqlscore.train.Trainer}, one
 * step at a time in {@link io.sqlscore.train.TrainingSession}), per-epoch reports
 * ({@link io.sqlscore.train.EpochStats}) and the result, a model package
 * ({@link io.sqlscore.train.TrainedModel}).
 *
 * <p>The forward and backward passes live in {@code io.sqlscore.train.nn}, the numerical kernels
 * in {@code io.sqlscore.train.math}. Validation rows are scored by the CPU scoring backend on the
 * package a snapshot of the weights makes, so the reported metric is the packaged model's.
 */
package io.sqlscore.train;

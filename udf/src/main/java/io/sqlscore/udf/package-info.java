/**
 * The scoring API shared by every backend: {@link io.sqlscore.udf.FeatureBatch} (encoded
 * rows), {@link io.sqlscore.udf.Outputs} (what to compute beyond logits),
 * {@link io.sqlscore.udf.ForwardResult} (with the {@link io.sqlscore.udf.ArmLayout} its ARM-Net
 * gates and weights are held in), the {@link io.sqlscore.udf.Backend} /
 * {@link io.sqlscore.udf.CompiledModel} pair a backend implements, and
 * {@link io.sqlscore.udf.BatchRunner}, which splits a batch over threads, and the weight folds
 * every backend shares ({@link io.sqlscore.udf.BatchNormEval},
 * {@link io.sqlscore.udf.ArmNetScoreMatrix}).
 *
 * <p>Nothing in this package depends on a particular backend's libraries; backends are found
 * by name through {@link io.sqlscore.udf.Backends}.
 */
package io.sqlscore.udf;

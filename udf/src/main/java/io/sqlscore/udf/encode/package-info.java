/**
 * Turning input into {@link io.sqlscore.udf.FeatureBatch}es: Arrow columns through a model's
 * feature list ({@link io.sqlscore.udf.encode.FeatureEncoder}, with scoring on top in
 * {@link io.sqlscore.udf.encode.ArrowBatchScorer}), and libsvm files in the ARM-Net repository's
 * convention ({@link io.sqlscore.udf.encode.LibsvmReader}).
 */
package io.sqlscore.udf.encode;

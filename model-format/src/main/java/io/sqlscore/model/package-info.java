/**
 * Model packages ({@code sqlscore-model/1}): the parsed and validated {@code config.json}
 * ({@link io.sqlscore.model.ModelConfig}, {@link io.sqlscore.model.FeatureSpec}), a
 * safetensors reader ({@link io.sqlscore.model.SafeTensors}), the tensor names and shapes each
 * model kind needs ({@link io.sqlscore.model.TensorSchema}) and the package itself
 * ({@link io.sqlscore.model.ModelPackage}), opened from a directory, a zip or database bytes and
 * written back as either ({@link io.sqlscore.model.PackageWriter}), and the items of a model's
 * stored global explanation ({@link io.sqlscore.model.ExplanationRow}). Nothing here needs Arrow
 * or DuckDB.
 *
 * <p>Every problem with a package is reported as a
 * {@link io.sqlscore.error.SqlscoreException} with code {@code CORRUPT_MODEL_PACKAGE} (or
 * {@code MODEL_PACKAGE_NOT_FOUND}) whose message names the package, the key or the tensor.
 */
package io.sqlscore.model;

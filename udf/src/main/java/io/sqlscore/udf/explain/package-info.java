/**
 * Explanations of predictions (EXPLAIN.md): the ranked cross features and per-field importance
 * of each row ({@link io.sqlscore.udf.explain.Explainer}, for ARM-Net from the gates and
 * interaction weights, for AutoInt from the last layer's attention, filled into a reusable
 * {@link io.sqlscore.udf.explain.ExplainedRow} or returned as a
 * {@link io.sqlscore.udf.explain.RowExplanation}), the weights-only global
 * explanation stored when a version is imported ({@link io.sqlscore.udf.explain.GlobalExplanation}),
 * the dataset-level mean over the rows of a query ({@link io.sqlscore.udf.explain.DatasetExplanation}),
 * and the text a row's values are shown as ({@link io.sqlscore.udf.explain.ValueText}).
 */
package io.sqlscore.udf.explain;

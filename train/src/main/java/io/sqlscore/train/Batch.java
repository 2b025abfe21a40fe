package io.sqlscore.train;

/**
 * One mini-batch of encoded rows: row-major {@code [rows × nfield]} feature ids and values (as
 * PACKAGE.md's encoders produce them), and one label per row (binary: 0 or 1; regression: the
 * raw value).
 */
public record Batch(int rows, int[] ids, float[] values, float[] labels) {}

/**
 * Numerical building blocks of the training engine: a pool that runs fixed task lists
 * ({@link io.sqlscore.train.math.Workers}), matrix products ({@link io.sqlscore.train.math.Gemm}),
 * column reductions and transposes ({@link io.sqlscore.train.math.Columns}) and exp/log on float
 * lanes ({@link io.sqlscore.train.math.FloatMath}), all on the Java Vector API.
 *
 * <p>Determinism: work is cut into tasks whose boundaries depend only on the shapes, never on
 * the thread count, and each output element is computed by one task with a fixed sequence of
 * IEEE operations (fused multiply-adds in index order, no lane reductions, no SVML). A training
 * run therefore gives the same bits for a given seed whatever the thread count and however warm
 * the JIT is.
 *
 * <p>Rule for changes (as for the scoring kernels): no vector value crosses a method boundary,
 * and methods stay small enough for C2 to inline the Vector API inside them; otherwise lane
 * operations silently fall back to boxed Java code many times slower.
 */
package io.sqlscore.train.math;

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
 * <p>Rules for changes (as for the scoring kernels): no vector value crosses a method boundary,
 * and methods stay small enough for C2 to inline the Vector API inside them. One more, found by
 * measurement: never call a vector method on a vector that a loop carries or a branch picks
 * (write {@code x.add(acc)}, not {@code acc.add(x)}; store {@code ZERO.add(acc)}, not
 * {@code acc}). C2 types such a value inexactly while parsing, so the call dispatches through
 * the Vector API's shared type profile; once any other vector shape has run in the JVM (the
 * scoring kernels use 128-bit float vectors) that profile is polymorphic and C2 keeps every
 * vector boxed, 10x slower. Breaking either rule fails no test; it shows in a profile as
 * {@code stOp}, {@code tOpTemplate} or allocation in a kernel.
 */
package io.sqlscore.train.math;

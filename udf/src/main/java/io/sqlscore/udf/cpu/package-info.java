/**
 * The CPU backend: eval-mode forward passes of ARM-Net, ARM-Net+, AutoInt and AutoInt+ written
 * as fused Java loops over the Java Vector API ({@code jdk.incubator.vector}), processing rows in
 * tiles.
 *
 * <p>ND4J was measured against these loops for each step (GEMMs of every model shape, entmax,
 * exponential neurons, per-row attention; see the {@code io.sqlscore.bench} JMH benchmarks) and
 * lost on all of them on the target machine, mostly because per-op call overhead dominates at
 * these small shapes and its OpenBLAS sgemm is slower than a register-tiled Vector API kernel.
 *
 * <p>Every row is computed by the same sequence of float operations whatever the batch it sits
 * in, and transcendental functions come from {@link io.sqlscore.udf.cpu.VectorMath} rather than
 * the Vector API's SVML-backed ones, so results depend neither on batch size, tiling or thread
 * count nor on whether the JIT has compiled the kernels yet. This package needs the JVM flag
 * {@code --add-modules=jdk.incubator.vector}; {@link io.sqlscore.udf.cpu.CpuBackend} says so when
 * it is missing.
 *
 * <p>Rule for changes: no vector value crosses a method boundary (pass arrays), and no method
 * grows so large that C2 stops inlining the Vector API inside it. Either mistake does not fail a
 * test; it silently turns lane operations into boxed Java fallbacks 5x to 100x slower (look for
 * {@code blendTemplate}, {@code stOp} or {@code convert0} in a profile). The same happens when C2
 * inlines {@link io.sqlscore.udf.cpu.VectorMath}'s loops into a large kernel method, depending on
 * compile order; the backend installs a compiler directive against that when it first compiles a
 * model ({@code JitDirectives}).
 */
package io.sqlscore.udf.cpu;

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
 * in, so results do not depend on batch size, tiling or thread count. This package needs the JVM
 * flag {@code --add-modules=jdk.incubator.vector}; {@link io.sqlscore.udf.cpu.CpuBackend} says so
 * when it is missing.
 */
package io.sqlscore.udf.cpu;

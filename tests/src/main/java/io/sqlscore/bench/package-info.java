/**
 * Kernel benchmarks: {@link io.sqlscore.bench.KernelBenchCommand} times whole forward passes of
 * a model package on its test rows against the PyTorch baseline, and the JMH benchmarks
 * ({@code *Benchmark}) compare each kernel step of the CPU backend with an ND4J version of the
 * same step. Run the JMH ones with {@code java --add-modules=jdk.incubator.vector -cp ...
 * org.openjdk.jmh.Main}; they are not part of the test run.
 */
package io.sqlscore.bench;

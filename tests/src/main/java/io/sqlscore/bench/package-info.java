/**
 * Benchmarks, measured here and never in unit tests: the commands behind
 * {@code ./sqlscore bench-kernel} ({@link io.sqlscore.bench.KernelBenchCommand}: whole forward
 * passes of a model package on its test rows against the PyTorch baseline),
 * {@code bench-sql} and {@code bench-arrow}; and the JMH benchmarks ({@code *Benchmark}): Arrow
 * I/O, and each kernel step of the CPU backend against an ND4J version of the same step. Run the
 * JMH ones with {@code java --add-modules=jdk.incubator.vector -cp ... org.openjdk.jmh.Main};
 * they are not part of the test run.
 */
package io.sqlscore.bench;

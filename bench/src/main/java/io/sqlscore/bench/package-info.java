/**
 * Benchmarks, measured here and never in unit tests: {@link io.sqlscore.bench.BenchMain}, which
 * {@code ./sqlscore bench-...} runs, and the commands it dispatches to:
 * {@code bench-kernel} ({@link io.sqlscore.bench.KernelBenchCommand}: whole forward
 * passes of a model package on its test rows against the PyTorch baseline),
 * {@code bench-sql}, and the JMH benchmarks ({@code *Benchmark}) behind {@code bench-arrow} (Arrow
 * I/O) and {@code bench-steps} (each kernel step of the CPU backend against an ND4J version of
 * the same step). None of them is part of the test run.
 */
package io.sqlscore.bench;

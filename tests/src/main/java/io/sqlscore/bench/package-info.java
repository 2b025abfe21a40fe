/**
 * Benchmarks: JMH benchmarks (Arrow I/O, kernels) and the benchmark commands behind
 * {@code ./sqlscore bench-*}. Performance is measured here, never in unit tests.
 */
package io.sqlscore.bench;

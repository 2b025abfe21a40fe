/**
 * The GPU check run by {@code tests/gpu/check.sh} on a machine with an NVIDIA GPU, without
 * Maven: {@link io.sqlscore.gpucheck.GpuCheck} prints one JSON line per parity case (test vectors
 * and the trained Frappe models, GPU against the reference outputs and the CPU's bits, through
 * the synchronous and the pipelined path) and per throughput case (the four Frappe models and
 * the two Adult models on the GPU, the CPU backend for comparison); {@link
 * io.sqlscore.gpucheck.SqlParity} compares PREDICT and EXPLAIN_PREDICT through SQL between two
 * devices.
 */
package io.sqlscore.gpucheck;

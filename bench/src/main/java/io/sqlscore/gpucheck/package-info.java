/**
 * The GPU check run by {@code tests/gpu/check.sh} on a machine with an NVIDIA GPU, without
 * Maven or JUnit: {@link io.sqlscore.gpucheck.GpuCheck} prints one JSON line per parity case
 * (test vectors and the trained Frappe models, GPU against the reference outputs) and per
 * throughput case (GPU and CPU backends on Frappe rows).
 */
package io.sqlscore.gpucheck;

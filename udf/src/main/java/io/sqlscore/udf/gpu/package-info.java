/**
 * The GPU backend ({@code gpu}): the four models' forward passes as CUDA kernels in the native
 * library {@code libsqlscore_gpu.so} (sources in {@code udf/src/main/native}), called through
 * JNI.
 *
 * <p>{@link io.sqlscore.udf.gpu.NativeLibrary} finds the library in the jar (or at
 * {@code -Dsqlscore.gpu.library}), loads it and asks it for a usable device; any failure becomes
 * the backend's {@link io.sqlscore.udf.Backend#unavailableReason()} instead of an error, so a
 * machine without a GPU, driver or library simply scores on the CPU. {@link
 * io.sqlscore.udf.gpu.ModelUpload} lays a package's weights out for the kernels (each hidden
 * BatchNorm folded into the Linear before it, in double, as the CPU backend does; ARM-Net's
 * attention and gate constants through {@link io.sqlscore.udf.gpu.ArmParameters}) and uploads
 * them once; {@link io.sqlscore.udf.gpu.GpuModel} runs batches, synchronously or submitted and
 * collected later (pipelining), and frees the device memory on close. ARM-Net's gates and
 * interaction weights are computed with the CPU backend's exact operations (arm_math.h), so that
 * explanations do not depend on the device.
 */
package io.sqlscore.udf.gpu;

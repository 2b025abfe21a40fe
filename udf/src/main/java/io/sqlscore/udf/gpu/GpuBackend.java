package io.sqlscore.udf.gpu;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.CompiledModel;

/**
 * The GPU backend ({@code gpu}): CUDA kernels for every model kind, in a native library that
 * loads on the first question asked of the backend. Where the library, a driver or a device is
 * missing, the backend says why ({@link #unavailableReason()}) and compiles nothing.
 */
public final class GpuBackend implements Backend {
  /** The name users select the backend by. */
  public static final String NAME = "gpu";

  /**
   * Whether GPU models pipeline small batches (on unless {@code -Dsqlscore.gpu.pipeline=false}),
   * for reports that say how they ran.
   */
  public static boolean pipelining() {
    return GpuModel.pipelined();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean isAvailable() {
    return NativeLibrary.get().usable();
  }

  @Override
  public String unavailableReason() {
    return NativeLibrary.get().reason();
  }

  /**
   * The device and the GEMM path in use, e.g. {@code NVIDIA H100 ... ; GEMM: cuBLAS (...)}.
   *
   * @throws SqlscoreException GPU_UNAVAILABLE when the backend cannot run here
   */
  public String describeDevice() {
    requireAvailable();
    return NativeGpu.deviceName() + "; GEMM: " + NativeGpu.gemmPath();
  }

  /**
   * Uploads a package's weights to the GPU.
   *
   * @throws SqlscoreException GPU_UNAVAILABLE when the backend cannot run here, NOT_SUPPORTED for
   *     a model the kernels do not cover (more than 64 fields), OUT_OF_MEMORY when the device is
   *     full
   */
  @Override
  public CompiledModel compile(ModelPackage pkg) {
    requireAvailable();
    return new GpuModel(pkg.config(), ModelUpload.upload(pkg));
  }

  private void requireAvailable() {
    if (!isAvailable()) {
      throw new SqlscoreException(ErrorCode.GPU_UNAVAILABLE, "the GPU backend cannot run here: " + unavailableReason());
    }
  }
}

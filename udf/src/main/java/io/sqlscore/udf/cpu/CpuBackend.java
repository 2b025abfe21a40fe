package io.sqlscore.udf.cpu;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.CompiledModel;

/** The CPU backend ({@code cpu}): Vector API kernels for every model kind. */
public final class CpuBackend implements Backend {
  /** The name users select the backend by. */
  public static final String NAME = "cpu";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Compiles a package for the CPU.
   *
   * @throws SqlscoreException INTERNAL_ERROR when the JVM was started without
   *     {@code --add-modules=jdk.incubator.vector}
   */
  @Override
  public CompiledModel compile(ModelPackage pkg) {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      throw SqlscoreException.of(
          ErrorCode.INTERNAL_ERROR,
          "the CPU backend needs the Java Vector API: start the JVM with --add-modules=jdk.incubator.vector");
    }
    JitDirectives.install();
    return pkg.config().kind().isArmNet() ? new ArmNetModel(pkg) : new AutoIntModel(pkg);
  }
}

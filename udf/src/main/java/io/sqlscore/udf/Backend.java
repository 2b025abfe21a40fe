package io.sqlscore.udf;

import io.sqlscore.model.ModelPackage;

/**
 * A way to run models (CPU now; a CUDA backend plugs in through the same interface). Backends
 * are stateless factories; {@link Backends} finds them by {@link #name()}.
 */
public interface Backend {
  /** The name users select it by, e.g. {@code cpu}. */
  String name();

  /**
   * Whether this backend can run here (a GPU backend needs its native library, a driver and a
   * device); when not, {@link #unavailableReason()} says why.
   */
  default boolean isAvailable() {
    return true;
  }

  /** Why the backend cannot run here, for messages; empty when it can. */
  default String unavailableReason() {
    return "";
  }

  /**
   * Prepares a validated package for scoring: lays out weights, folds BatchNorm, and so on.
   * The result is shared by concurrent queries and must be closed when evicted.
   */
  CompiledModel compile(ModelPackage pkg);
}

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
   * Prepares a validated package for scoring: lays out weights, folds BatchNorm, and so on.
   * The result is shared by concurrent queries and must be closed when evicted.
   */
  CompiledModel compile(ModelPackage pkg);
}

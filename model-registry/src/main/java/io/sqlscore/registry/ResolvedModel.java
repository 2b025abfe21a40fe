package io.sqlscore.registry;

import io.sqlscore.model.ModelConfig;

/**
 * One model version chosen by resolving a {@link ModelRef}; fixed for the rest of a query.
 *
 * @param name the model name as stored
 * @param version the version number
 * @param sha256 the package identity (weights and canonical config)
 * @param config the version's config
 * @param allowsPositionalBinding whether PREDICT may bind columns of other names by position
 */
public record ResolvedModel(
    String name, long version, String sha256, ModelConfig config, boolean allowsPositionalBinding) {
  /** {@code name@version}, as used in messages and plans. */
  public String label() {
    return name + "@" + version;
  }
}

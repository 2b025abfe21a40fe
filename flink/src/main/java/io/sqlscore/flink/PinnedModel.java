package io.sqlscore.flink;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import java.io.Serializable;
import java.nio.ByteBuffer;

/**
 * One model version chosen when a Flink job is planned, carried inside the job: its config and
 * weights travel with the job graph, so that task managers read neither the registry (no DuckDB
 * there) nor the package path, and every restart of the job scores with the same version.
 */
final class PinnedModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final long version;
  private final String label;
  private final String source;
  private final String sha256;
  private final boolean positional;
  private final byte[] configJson;
  private final byte[] weights;

  private PinnedModel(String name, long version, String label, String source, boolean positional, ModelPackage pkg) {
    this.name = name;
    this.positional = positional;
    this.version = version;
    this.label = label;
    this.source = source;
    this.sha256 = pkg.sha256();
    this.configJson = pkg.config().canonicalJsonBytes();
    ByteBuffer bytes = pkg.weightsBytes();
    this.weights = new byte[bytes.remaining()];
    bytes.get(weights);
  }

  /** A registry version, {@code name@version}; {@code positional} when it binds columns by position. */
  static PinnedModel ofRegistry(String name, long version, String database, boolean positional, ModelPackage pkg) {
    String label = name + "@" + version;
    return new PinnedModel(name, version, label, "registry " + database + " " + label, positional, pkg);
  }

  /** A package read from {@code path}, called {@code name} (the Flink model's name) in messages. */
  static PinnedModel ofPackage(String name, String path, ModelPackage pkg) {
    return new PinnedModel(name, 0, name, "package " + path, false, pkg);
  }

  /** The model's name: the registry's, or the Flink model's for a package. */
  String name() {
    return name;
  }

  /** The registry version, 0 for a package. */
  long version() {
    return version;
  }

  /** How messages name the model: {@code name@version} for a registry version, the Flink model's name for a package. */
  String label() {
    return label;
  }

  /**
   * Whether INPUT columns bind to features by position whatever their names (a registry version
   * imported WITH (binding = 'positional')); else by name.
   */
  boolean bindsByPosition() {
    return positional;
  }

  /** The package identity (SHA-256 over weights and canonical config). */
  String sha256() {
    return sha256;
  }

  /** Bytes the job carries for this model. */
  long sizeBytes() {
    return configJson.length + (long) weights.length;
  }

  /** One line for logs and plans: label, where it came from, identity. */
  String describe() {
    return label + " (" + source + ", sha256 " + sha256.substring(0, 12) + ")";
  }

  /** The pinned config. */
  ModelConfig config() {
    return ModelConfig.parse(configJson);
  }

  /**
   * The package again, checked against the identity it was pinned with.
   *
   * @throws SqlscoreException CORRUPT_MODEL_PACKAGE when the carried bytes do not match it
   */
  ModelPackage open() {
    ModelPackage pkg = ModelPackage.of(configJson, ByteBuffer.wrap(weights), null, null, label);
    if (!pkg.sha256().equals(sha256)) {
      throw SqlscoreException.of(ErrorCode.CORRUPT_MODEL_PACKAGE,
          "model %s: the package carried by the job has sha256 %s but was pinned as %s; plan the job again",
          label, pkg.sha256(), sha256);
    }
    return pkg;
  }
}

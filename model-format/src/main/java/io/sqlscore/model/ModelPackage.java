package io.sqlscore.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A loaded and validated model package: {@code config.json}, {@code weights.safetensors} and
 * the optional {@code metrics.json} and {@code README.md} (PACKAGE.md).
 *
 * <p>Opening checks that every tensor the config's kind needs exists as F32 with the shape the
 * config implies, that no other tensor is present (apart from BatchNorm
 * {@code num_batches_tracked} counters), and that the feature list agrees with the config.
 * Instances are immutable and thread-safe.
 */
public final class ModelPackage {
  /** File name of the config inside a package. */
  public static final String CONFIG = "config.json";
  /** File name of the weights inside a package. */
  public static final String WEIGHTS = "weights.safetensors";
  /** File name of the optional metrics. */
  public static final String METRICS = "metrics.json";
  /** File name of the optional free-text description. */
  public static final String README = "README.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final ModelConfig config;
  private final SafeTensors weights;
  private final JsonNode metrics;
  private final String readme;
  private final long sizeBytes;
  private final String sha256;

  private ModelPackage(
      String source, byte[] configJson, SafeTensors weights, byte[] metricsJson, String readme) {
    this.source = source;
    this.config = parseConfig(source, configJson);
    this.weights = weights;
    this.metrics = metricsJson == null ? null : parseMetrics(source, metricsJson);
    this.readme = readme;
    validateTensors();
    this.sizeBytes =
        configJson.length
            + (long) weights.sizeBytes()
            + (metricsJson == null ? 0 : metricsJson.length)
            + (readme == null ? 0 : readme.getBytes(StandardCharsets.UTF_8).length);
    this.sha256 = digest(weights.bytes(), config.canonicalJsonBytes());
  }

  /**
   * Opens a package directory or a {@code .zip} with the files at its top level.
   *
   * @throws SqlscoreException MODEL_PACKAGE_NOT_FOUND when the path does not exist,
   *     CORRUPT_MODEL_PACKAGE when a file is missing, unreadable or inconsistent
   */
  public static ModelPackage open(Path path) {
    if (!Files.exists(path)) {
      throw SqlscoreException.of(
          ErrorCode.MODEL_PACKAGE_NOT_FOUND,
          "model package %s does not exist (expected a directory or a .zip with %s and %s)",
          path,
          CONFIG,
          WEIGHTS);
    }
    if (Files.isDirectory(path)) {
      return openDirectory(path);
    }
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return openZip(path);
    }
    throw corrupt(path.toString(), "is neither a directory nor a .zip file");
  }

  /**
   * Builds a package from bytes held elsewhere (the registry stores them in the database).
   *
   * @param configJson config.json bytes
   * @param weights weights.safetensors bytes (read from position to limit; not modified)
   * @param metricsJson metrics.json bytes, or null
   * @param readme README.md text, or null
   * @param source what to call the package in messages, e.g. {@code ctr@3}
   */
  public static ModelPackage of(
      byte[] configJson, ByteBuffer weights, byte[] metricsJson, String readme, String source) {
    return new ModelPackage(
        source, configJson, SafeTensors.read(weights, source + "/" + WEIGHTS), metricsJson, readme);
  }

  private static ModelPackage openDirectory(Path dir) {
    String source = dir.toString();
    byte[] config = readRequired(dir.resolve(CONFIG), source);
    Path weightsPath = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(weightsPath)) {
      throw corrupt(source, "has no %s", WEIGHTS);
    }
    SafeTensors weights = SafeTensors.open(weightsPath);
    byte[] metrics = readOptional(dir.resolve(METRICS));
    byte[] readme = readOptional(dir.resolve(README));
    return new ModelPackage(
        source, config, weights, metrics, readme == null ? null : new String(readme, StandardCharsets.UTF_8));
  }

  private static ModelPackage openZip(Path zipPath) {
    String source = zipPath.toString();
    try (ZipFile zip = new ZipFile(zipPath.toFile())) {
      byte[] config = zipEntry(zip, CONFIG);
      byte[] weights = zipEntry(zip, WEIGHTS);
      if (config == null || weights == null) {
        throw corrupt(
            source, "has no %s at the top level of the zip", config == null ? CONFIG : WEIGHTS);
      }
      byte[] metrics = zipEntry(zip, METRICS);
      byte[] readme = zipEntry(zip, README);
      return new ModelPackage(
          source,
          config,
          SafeTensors.read(weights, source + "!/" + WEIGHTS),
          metrics,
          readme == null ? null : new String(readme, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SqlscoreException(
          ErrorCode.CORRUPT_MODEL_PACKAGE, "model package " + source + " is not a readable zip: " + e.getMessage(), e);
    }
  }

  private static byte[] zipEntry(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null || entry.isDirectory()) {
      return null;
    }
    try (InputStream in = zip.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }

  private static byte[] readRequired(Path file, String source) {
    if (!Files.isRegularFile(file)) {
      throw corrupt(source, "has no %s", file.getFileName());
    }
    return readOptional(file);
  }

  private static byte[] readOptional(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static ModelConfig parseConfig(String source, byte[] json) {
    try {
      return ModelConfig.parse(json);
    } catch (SqlscoreException e) {
      throw new SqlscoreException(e.code(), "model package " + source + ": " + e.detail(), e);
    }
  }

  private static JsonNode parseMetrics(String source, byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw corrupt(source, "has a %s that is not valid JSON: %s", METRICS, e.getMessage());
    }
  }

  private void validateTensors() {
    TensorSchema schema = TensorSchema.of(config);
    Map<String, long[]> expected = schema.shapes();
    for (Map.Entry<String, long[]> entry : expected.entrySet()) {
      String name = entry.getKey();
      if (!weights.has(name)) {
        throw corrupt(
            source,
            "tensor '%s' is missing from %s; a %s model with this config.json needs it with shape %s",
            name,
            WEIGHTS,
            config.kind().configName(),
            Arrays.toString(entry.getValue()));
      }
      SafeTensors.TensorInfo info = weights.info(name);
      if (info.dtype() != SafeTensors.DType.F32) {
        throw corrupt(source, "tensor '%s' is %s, expected F32", name, info.dtype());
      }
      if (!Arrays.equals(info.shape(), entry.getValue())) {
        throw corrupt(
            source,
            "tensor '%s' has shape %s but config.json (%s) implies %s; the config does not match the"
                + " weights",
            name,
            info.shapeText(),
            describeDims(),
            Arrays.toString(entry.getValue()));
      }
    }
    for (String name : weights.names()) {
      if (expected.containsKey(name)) {
        continue;
      }
      SafeTensors.TensorInfo info = weights.info(name);
      boolean counter =
          schema.isBatchesTracked(name)
              && info.shape().length == 0
              && info.dtype() != SafeTensors.DType.F32;
      if (!counter) {
        throw corrupt(
            source,
            "tensor '%s' %s is not part of a %s model with this config.json (%s); the config does"
                + " not match the weights",
            name,
            info.shapeText(),
            config.kind().configName(),
            describeDims());
      }
    }
  }

  private String describeDims() {
    StringBuilder text =
        new StringBuilder()
            .append("model_kind=")
            .append(config.kind().configName())
            .append(", nfield=")
            .append(config.nfield())
            .append(", nfeat=")
            .append(config.nfeat())
            .append(", nemb=")
            .append(config.nemb())
            .append(", nhead=")
            .append(config.nhead());
    if (config.kind().isArmNet()) {
      text.append(", nhid=").append(config.nhid());
      text.append(", mlp_nlayer=").append(config.mlpLayers()).append(", mlp_nhid=").append(config.mlpHidden());
    } else {
      text.append(", attn_dims=").append(Arrays.toString(config.attnDims()));
    }
    if (config.kind().hasDeepBranch()) {
      text.append(", deep_nlayer=").append(config.deepLayers()).append(", deep_nhid=").append(config.deepHidden());
    }
    return text.toString();
  }

  private static SqlscoreException corrupt(String source, String format, Object... args) {
    return SqlscoreException.of(
        ErrorCode.CORRUPT_MODEL_PACKAGE,
        "model package %s %s",
        source,
        String.format(Locale.ROOT, format, args));
  }

  private static String digest(ByteBuffer weights, byte[] canonicalConfig) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(weights);
      sha.update(canonicalConfig);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "SHA-256 is not available", e);
    }
  }

  /** Where the package came from: a path, or the label given to {@link #of}. */
  public String source() {
    return source;
  }

  /** The validated config. */
  public ModelConfig config() {
    return config;
  }

  /** The validated weights. */
  public SafeTensors weights() {
    return weights;
  }

  /** The parsed metrics.json, if the package has one. */
  public Optional<JsonNode> metrics() {
    return Optional.ofNullable(metrics);
  }

  /** The README.md text, if the package has one. */
  public Optional<String> readme() {
    return Optional.ofNullable(readme);
  }

  /** The weights.safetensors bytes, read-only, positioned at 0 (for storing). */
  public ByteBuffer weightsBytes() {
    return weights.bytes();
  }

  /** Hex SHA-256 over the weights bytes followed by the canonical config JSON: the identity. */
  public String sha256() {
    return sha256;
  }

  /** Total bytes of the package's files (config, weights, metrics, readme). */
  public long sizeBytes() {
    return sizeBytes;
  }

  @Override
  public String toString() {
    return "ModelPackage(" + source + ", " + config + ", sha256=" + sha256.substring(0, 12) + ")";
  }
}

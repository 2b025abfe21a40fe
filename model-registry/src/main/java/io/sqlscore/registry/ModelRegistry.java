package io.sqlscore.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ExplanationRow;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.duckdb.DuckDBConnection;

/**
 * The model registry of one DuckDB database: import packages as immutable numbered versions,
 * move aliases, drop versions and models, list, describe and resolve references. Every change
 * is one transaction (see {@link RegistryTransactions}) and appends to the event history.
 * Names are matched case-insensitively and stored as first written.
 */
public final class ModelRegistry {
  /** How PREDICT binds arguments to features: by column name (default) or by position. */
  public enum Binding {
    /** A plain column argument must have the feature's name. */
    NAME,
    /** Arguments bind to features by position whatever their names. */
    POSITIONAL
  }

  /**
   * Options of an import.
   *
   * @param description free text, or null
   * @param alias an alias to point at the new version, or null
   * @param binding how PREDICT binds arguments
   * @param createdBy who imports
   */
  public record ImportOptions(
      String description, String alias, Binding binding, String createdBy) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryTransactions transactions;

  /** A registry over the database of {@code connection}; it works on duplicates of it. */
  public ModelRegistry(DuckDBConnection connection) {
    this.transactions = new RegistryTransactions(connection);
  }

  /**
   * Imports {@code pkg} as the next version of model {@code name} (creating the model if
   * needed), with its global explanation rows. If the model already has a version with the
   * same package identity, nothing changes and that version is returned.
   */
  public ImportResult importPackage(
      String name, ModelPackage pkg, ImportOptions options, List<ExplanationRow> globalExplanation) {
    return importPackage(name, pkg, options, globalExplanation, null);
  }

  /**
   * Where a trained version comes from: the training run that produced it, and the rows its
   * global explanation was computed on.
   *
   * @param runId the run (in {@code sqlscore.training_runs}) to end as finished with the version
   * @param explainedRows how many rows the explanation covers
   * @param explainedWhat which rows those are, in words
   */
  public record Training(long runId, long explainedRows, String explainedWhat) {}

  /**
   * Imports the package of a training run like {@link #importPackage(String, ModelPackage,
   * ImportOptions, List)}, and in the same transaction ends the run as finished with the
   * version (an identical existing version when nothing was imported).
   */
  public ImportResult importPackage(String name, ModelPackage pkg, ImportOptions options,
      List<ExplanationRow> globalExplanation, Training training) {
    checkNames(name, options);
    String weightsSha = sha256(pkg.weightsBytes());
    return transactions.write(c -> {
      String model = createOrReviveModel(c, name, options);
      Long existing = queryLong(c,
          "SELECT version FROM sqlscore.model_versions WHERE model = ? AND sha256 = ?", model, pkg.sha256());
      if (existing != null) {
        if (training != null) {
          TrainingRuns.endIn(c, training.runId(), TrainingRuns.State.FINISHED, existing,
              "the trained package is identical to version " + existing + "; no version was created");
        }
        return new ImportResult(model, existing, false, pkg.sha256());
      }
      long version = queryLong(c, "SELECT next_version FROM sqlscore.models WHERE name_key = ?", key(name));
      update(c, "UPDATE sqlscore.models SET next_version = ?, dropped_at = NULL WHERE name_key = ?",
          version + 1, key(name));
      if (queryLong(c, "SELECT count(*) FROM sqlscore.model_weights WHERE sha256 = ?", weightsSha) == 0) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO sqlscore.model_weights VALUES (?, ?)")) {
          ps.setString(1, weightsSha);
          ps.setBytes(2, bytes(pkg.weightsBytes()));
          ps.executeUpdate();
        }
      }
      ModelConfig config = pkg.config();
      update(c, "INSERT INTO sqlscore.model_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?, ?, ?, 'ready')",
          model, version, config.kind().configName(), config.task().name().toLowerCase(Locale.ROOT),
          new String(config.rawJson(), StandardCharsets.UTF_8), featuresJson(config), pkg.sha256(),
          weightsSha, pkg.sizeBytes(), options.createdBy(), pkg.source(),
          pkg.metrics().map(Object::toString).orElse(null), pkg.readme().orElse(null),
          options.description(), options.binding().name().toLowerCase(Locale.ROOT));
      insertExplanation(c, model, version, "global", "global", globalExplanation,
          training == null ? null : training.explainedRows(), training == null ? null : training.explainedWhat());
      if (training != null) {
        TrainingRuns.endIn(c, training.runId(), TrainingRuns.State.FINISHED, version, null);
      }
      event(c, options.createdBy(), model, version, "version_created",
          "from " + pkg.source() + " (sha256 " + pkg.sha256() + ")");
      if (options.alias() != null) {
        setAliasIn(c, model, options.alias(), version, options.createdBy());
      }
      return new ImportResult(model, version, true, pkg.sha256());
    });
  }

  /**
   * Checks the model name and alias of an import, so that a statement can refuse them before
   * it does any work.
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the bad name
   */
  public static void checkNames(String name, ImportOptions options) {
    ModelRef.checkIdentifier(name, "model name", name);
    if (options.alias() != null) {
      checkAliasName(options.alias());
    }
  }

  /** The training runs recorded in this database ({@code sqlscore.training_runs}). */
  public TrainingRuns trainingRuns() {
    return new TrainingRuns(transactions);
  }

  /** Points {@code alias} of model {@code name} at {@code version}. */
  public void setAlias(String name, String alias, long version, String who) {
    checkAliasName(alias);
    transactions.write(c -> {
      String model = lockModel(c, name);
      requireVersion(c, model, version);
      setAliasIn(c, model, alias, version, who);
      return null;
    });
  }

  /** Removes {@code alias} from model {@code name}. */
  public void dropAlias(String name, String alias, String who) {
    transactions.write(c -> {
      String model = lockModel(c, name);
      String aliasKey = alias.toLowerCase(Locale.ROOT);
      Long version = queryLong(c,
          "SELECT version FROM sqlscore.model_aliases WHERE model = ? AND alias = ?", model, aliasKey);
      if (version == null) {
        throw aliasNotFound(c, model, aliasKey);
      }
      update(c, "DELETE FROM sqlscore.model_aliases WHERE model = ? AND alias = ?", model, aliasKey);
      event(c, who, model, version, "alias_dropped", aliasKey);
      return null;
    });
  }

  /**
   * Drops one version. Refused while an alias points at it; version numbers are never reused.
   */
  public void dropVersion(String name, long version, String who) {
    transactions.write(c -> {
      String model = lockModel(c, name);
      requireVersion(c, model, version);
      List<String> aliases = queryStrings(c,
          "SELECT alias FROM sqlscore.model_aliases WHERE model = ? AND version = ? ORDER BY alias",
          model, version);
      if (!aliases.isEmpty()) {
        throw SqlscoreException.of(ErrorCode.OBJECT_IN_USE,
            "version %d of model '%s' is the target of alias %s; move the alias first "
                + "(ALTER MODEL %s SET ALIAS %s = <version>) or drop it (ALTER MODEL %s DROP ALIAS %s)",
            version, model, String.join(", ", aliases), model, aliases.get(0), model, aliases.get(0));
      }
      deleteVersions(c, model, "version = " + version);
      event(c, who, model, version, "version_dropped", null);
      return null;
    });
  }

  /** Drops a model with all its versions and aliases; its history stays. */
  public boolean dropModel(String name, boolean ifExists, String who) {
    return transactions.write(c -> {
      String model = findLiveModel(c, name);
      if (model == null) {
        if (ifExists) {
          return false;
        }
        throw modelNotFound(c, name);
      }
      update(c, "DELETE FROM sqlscore.model_aliases WHERE model = ?", model);
      deleteVersions(c, model, "TRUE");
      update(c, "UPDATE sqlscore.models SET dropped_at = now() WHERE name_key = ?", key(model));
      event(c, who, model, null, "model_dropped", null);
      return true;
    });
  }

  /** Resolves {@code name}, {@code name@version} or {@code name@alias} to one version. */
  public ResolvedModel resolve(ModelRef ref) {
    return transactions.read(c -> {
      if (!RegistrySchema.exists(c)) {
        throw SqlscoreException.of(ErrorCode.MODEL_NOT_FOUND,
            "model '%s' does not exist: this database has no models yet; import one with "
                + "CREATE MODEL %s FROM '<package path>'", ref.name(), ref.name());
      }
      RegistrySchema.checkLayout(c);
      String model = liveModel(c, ref.name());
      long version;
      if (ref.version().isPresent()) {
        version = ref.version().getAsLong();
        try {
          requireVersion(c, model, version);
        } catch (SqlscoreException e) {
          throw new SqlscoreException(e.code(), model + "@" + version + " does not exist: " + e.detail(), e);
        }
      } else if (ref.alias().equals(ModelRef.LATEST)) {
        Long latest = queryLong(c, "SELECT max(version) FROM sqlscore.model_versions WHERE model = ?", model);
        if (latest == null) {
          throw SqlscoreException.of(ErrorCode.VERSION_NOT_FOUND,
              "model '%s' has no versions; import one with CREATE MODEL %s FROM '<package path>'", model, model);
        }
        version = latest;
      } else {
        Long aliased = queryLong(c,
            "SELECT version FROM sqlscore.model_aliases WHERE model = ? AND alias = ?", model, ref.alias());
        if (aliased == null) {
          throw aliasNotFound(c, model, ref.alias());
        }
        version = aliased;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT config, sha256, binding FROM sqlscore.model_versions WHERE model = ? AND version = ?")) {
        ps.setString(1, model);
        ps.setLong(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw SqlscoreException.of(ErrorCode.VERSION_NOT_FOUND,
                "'%s' names version %d of model '%s', which does not exist; point the alias at a version "
                    + "that does (ALTER MODEL %s SET ALIAS %s = <version>)",
                ref, version, model, model, ref.alias());
          }
          return new ResolvedModel(model, version, rs.getString(2),
              ModelConfig.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8)),
              "positional".equals(rs.getString(3)));
        }
      }
    });
  }

  /** Reads a resolved version's package (config, weights, metrics, README) from the database. */
  public ModelPackage loadPackage(ResolvedModel model) {
    return transactions.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT v.config, w.weights, v.metrics, v.readme FROM sqlscore.model_versions v "
              + "JOIN sqlscore.model_weights w ON w.sha256 = v.weights_sha256 WHERE v.model = ? AND v.version = ?")) {
        ps.setString(1, model.name());
        ps.setLong(2, model.version());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw SqlscoreException.of(ErrorCode.VERSION_NOT_FOUND,
                "version %d of model '%s' was dropped after the statement was planned; run it again "
                    + "(it is then planned against the models that exist)",
                model.version(), model.name());
          }
          String metrics = rs.getString(3);
          return ModelPackage.of(rs.getString(1).getBytes(StandardCharsets.UTF_8),
              ByteBuffer.wrap(rs.getBytes(2)),
              metrics == null ? null : metrics.getBytes(StandardCharsets.UTF_8),
              rs.getString(4), "registry:" + model.label());
        }
      }
    });
  }

  /** The live models, by name. */
  public List<ModelSummary> list() {
    return transactions.read(c -> {
      List<ModelSummary> models = new ArrayList<>();
      if (!RegistrySchema.exists(c)) {
        return models;
      }
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT m.name, max(v.version), count(v.version), arg_max(v.kind, v.version), m.description, "
              + "m.created_at FROM sqlscore.models m LEFT JOIN sqlscore.model_versions v ON v.model = m.name "
              + "WHERE m.dropped_at IS NULL GROUP BY m.name, m.description, m.created_at ORDER BY lower(m.name)");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String name = rs.getString(1);
          models.add(new ModelSummary(name, rs.getLong(2), rs.getLong(3), aliases(c, name),
              rs.getString(4), rs.getString(5), rs.getObject(6, OffsetDateTime.class)));
        }
      }
      return models;
    });
  }

  /** Everything about the version {@code ref} resolves to. */
  public ModelDescription describe(ModelRef ref) {
    ResolvedModel model = resolve(ref);
    return transactions.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT v.size_bytes, v.created_at, v.created_by, v.source, coalesce(v.description, m.description), "
              + "v.metrics, v.readme FROM sqlscore.model_versions v JOIN sqlscore.models m ON m.name = v.model "
              + "WHERE v.model = ? AND v.version = ?")) {
        ps.setString(1, model.name());
        ps.setLong(2, model.version());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw SqlscoreException.of(ErrorCode.VERSION_NOT_FOUND,
                "version %d of model '%s' was dropped while it was being described; run DESCRIBE MODEL again",
                model.version(), model.name());
          }
          List<String> aliases = queryStrings(c,
              "SELECT alias FROM sqlscore.model_aliases WHERE model = ? AND version = ? ORDER BY alias",
              model.name(), model.version());
          return new ModelDescription(model, model.config(), rs.getLong(1),
              rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getString(7), aliases, explanation(c, model, "global"));
        }
      }
    });
  }

  /**
   * Stores a dataset-level explanation of a version under {@code name}, replacing an earlier one
   * of the same name.
   */
  public void storeExplanation(
      ResolvedModel model, String name, List<ExplanationRow> rows, long rowCount, String query, String who) {
    ModelRef.checkIdentifier(name, "explanation name", name);
    transactions.write(c -> {
      requireVersion(c, lockModel(c, model.name()), model.version());
      update(c, "DELETE FROM sqlscore.model_explanations WHERE model = ? AND version = ? AND name = ?",
          model.name(), model.version(), name);
      insertExplanation(c, model.name(), model.version(), name, "dataset", rows, rowCount, query);
      event(c, who, model.name(), model.version(), "explanation_stored", name);
      return null;
    });
  }

  /** The stored explanation rows of a version under {@code name}. */
  public List<ExplanationRow> explanation(ResolvedModel model, String name) {
    return transactions.read(c -> explanation(c, model, name));
  }

  private static List<ExplanationRow> explanation(Connection c, ResolvedModel model, String name)
      throws SQLException {
    List<ExplanationRow> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT kind, fields, weight, rank FROM sqlscore.model_explanations "
            + "WHERE model = ? AND version = ? AND name = ? ORDER BY kind DESC, rank")) {
      ps.setString(1, model.name());
      ps.setLong(2, model.version());
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] fields = (Object[]) rs.getArray(2).getArray();
          List<String> names = new ArrayList<>();
          for (Object field : fields) {
            names.add((String) field);
          }
          rows.add(new ExplanationRow(rs.getString(1), names, rs.getDouble(3), rs.getInt(4)));
        }
      }
    }
    return rows;
  }

  // ----- helpers inside a transaction -----

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The stored name of the live model matching {@code name}, or null. */
  private static String findLiveModel(Connection c, String name) throws SQLException {
    List<String> names = queryStrings(c,
        "SELECT name FROM sqlscore.models WHERE name_key = ? AND dropped_at IS NULL", key(name));
    return names.isEmpty() ? null : names.get(0);
  }

  private static String liveModel(Connection c, String name) throws SQLException {
    String model = findLiveModel(c, name);
    if (model == null) {
      throw modelNotFound(c, name);
    }
    return model;
  }

  /**
   * The live model matching {@code name}, with its row written by this transaction. Every change
   * to a model's versions, aliases or explanations writes that row first, so that two concurrent
   * changes conflict (one retries) instead of each passing its checks on its own snapshot: a DROP
   * of version 2 and a SET ALIAS prod = 2 would otherwise both commit and leave the alias naming
   * a dropped version. DuckDB does not count an update that leaves the value as it was as a
   * write ({@code SET next_version = next_version} conflicts with nothing), so the row is changed
   * and changed back.
   */
  private static String lockModel(Connection c, String name) throws SQLException {
    String model = liveModel(c, name);
    update(c, "UPDATE sqlscore.models SET next_version = -next_version WHERE name_key = ?", key(model));
    update(c, "UPDATE sqlscore.models SET next_version = -next_version WHERE name_key = ?", key(model));
    return model;
  }

  private static String createOrReviveModel(Connection c, String name, ImportOptions options)
      throws SQLException {
    List<String> existing = queryStrings(c, "SELECT name FROM sqlscore.models WHERE name_key = ?", key(name));
    if (existing.isEmpty()) {
      update(c, "INSERT INTO sqlscore.models VALUES (?, ?, ?, 1, now(), ?, NULL)",
          key(name), name, options.description(), options.createdBy());
      event(c, options.createdBy(), name, null, "model_created", null);
      return name;
    }
    if (options.description() != null) {
      update(c, "UPDATE sqlscore.models SET description = ? WHERE name_key = ?",
          options.description(), key(name));
    }
    return existing.get(0);
  }

  private static void requireVersion(Connection c, String model, long version) throws SQLException {
    if (queryLong(c, "SELECT count(*) FROM sqlscore.model_versions WHERE model = ? AND version = ?",
        model, version) == 0) {
      List<String> versions = queryStrings(c,
          "SELECT version::VARCHAR FROM sqlscore.model_versions WHERE model = ? ORDER BY version", model);
      throw SqlscoreException.of(ErrorCode.VERSION_NOT_FOUND,
          "model '%s' has no version %d; %s", model, version,
          versions.isEmpty() ? "it has no versions left; import one with CREATE MODEL " + model + " FROM '<path>'"
              : "its versions are " + String.join(", ", versions) + " (SHOW MODELS, DESCRIBE MODEL " + model + ")");
    }
  }

  private static void setAliasIn(Connection c, String model, String alias, long version, String who)
      throws SQLException {
    String aliasKey = alias.toLowerCase(Locale.ROOT);
    Long previous = queryLong(c,
        "SELECT version FROM sqlscore.model_aliases WHERE model = ? AND alias = ?", model, aliasKey);
    if (previous == null) {
      update(c, "INSERT INTO sqlscore.model_aliases VALUES (?, ?, ?, now(), ?)", model, aliasKey, version, who);
      event(c, who, model, version, "alias_set", aliasKey + " = " + version);
    } else if (previous != version) {
      update(c, "UPDATE sqlscore.model_aliases SET version = ?, updated_at = now(), updated_by = ? "
          + "WHERE model = ? AND alias = ?", version, who, model, aliasKey);
      event(c, who, model, version, "alias_moved", aliasKey + ": " + previous + " -> " + version);
    }
  }

  private static void deleteVersions(Connection c, String model, String versionCondition) throws SQLException {
    update(c, "DELETE FROM sqlscore.model_explanations WHERE model = ? AND " + versionCondition, model);
    update(c, "DELETE FROM sqlscore.model_versions WHERE model = ? AND " + versionCondition, model);
    update(c, "DELETE FROM sqlscore.model_weights WHERE sha256 NOT IN "
        + "(SELECT weights_sha256 FROM sqlscore.model_versions)");
  }

  private static void insertExplanation(Connection c, String model, long version, String name, String scope,
      List<ExplanationRow> rows, Long rowCount, String query) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO sqlscore.model_explanations VALUES (?, ?, ?, ?, ?, ?::VARCHAR[], ?, ?, ?, ?, now())")) {
      for (ExplanationRow row : rows) {
        ps.setString(1, model);
        ps.setLong(2, version);
        ps.setString(3, name);
        ps.setString(4, scope);
        ps.setString(5, row.kind());
        ps.setString(6, listLiteral(row.fields()));
        ps.setDouble(7, row.weight());
        ps.setInt(8, row.rank());
        ps.setObject(9, rowCount);
        ps.setString(10, query);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A DuckDB list literal text such as {@code ['age', 'sex']}, cast to VARCHAR[] in SQL. */
  private static String listLiteral(List<String> values) {
    StringJoiner joiner = new StringJoiner(", ", "[", "]");
    values.forEach(v -> joiner.add("'" + v.replace("'", "''") + "'"));
    return joiner.toString();
  }

  private static void event(Connection c, String who, String model, Long version, String event,
      String detail) throws SQLException {
    update(c, "INSERT INTO sqlscore.model_events (happened_at, who, model, version, event, detail) "
        + "VALUES (now(), ?, ?, ?, ?, ?)", who, model, version, event, detail);
  }

  private static Map<String, Long> aliases(Connection c, String model) throws SQLException {
    Map<String, Long> aliases = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT alias, version FROM sqlscore.model_aliases WHERE model = ?")) {
      ps.setString(1, model);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          aliases.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return aliases;
  }

  private static SqlscoreException modelNotFound(Connection c, String name) throws SQLException {
    List<String> models = queryStrings(c,
        "SELECT name FROM sqlscore.models WHERE dropped_at IS NULL ORDER BY lower(name) LIMIT 20");
    return SqlscoreException.of(ErrorCode.MODEL_NOT_FOUND, "model '%s' does not exist; %s", name,
        models.isEmpty() ? "this database has no models; import one with CREATE MODEL " + name + " FROM '<path>'"
            : "the models are " + String.join(", ", models) + " (SHOW MODELS lists them)");
  }

  private static SqlscoreException aliasNotFound(Connection c, String model, String alias) throws SQLException {
    Map<String, Long> aliases = aliases(c, model);
    Map<String, Long> shown = new LinkedHashMap<>(aliases);
    return SqlscoreException.of(ErrorCode.ALIAS_NOT_FOUND,
        "model '%s' has no alias '%s'; %s; set one with ALTER MODEL %s SET ALIAS %s = <version>",
        model, alias, shown.isEmpty() ? "it has no aliases besides latest" : "its aliases are " + shown
            + " besides latest", model, alias);
  }

  private static void checkAliasName(String alias) {
    ModelRef.checkIdentifier(alias, "alias", alias);
    if (alias.equalsIgnoreCase(ModelRef.LATEST)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "'latest' is a built-in alias that always means the newest version; choose another alias name");
    }
  }

  static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  static Long queryLong(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
      }
    }
  }

  private static List<String> queryStrings(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<String> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }

  private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  /** The features as a JSON array of {name, type, null}, written by Jackson. */
  private static String featuresJson(ModelConfig config) {
    ArrayNode features = JSON.createArrayNode();
    for (FeatureSpec feature : config.features()) {
      features.addObject()
          .put("name", feature.name())
          .put("type", feature.describeType())
          .put("null", feature.describeNullPolicy());
    }
    try {
      return JSON.writeValueAsString(features);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree of strings always serialises", e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  private static String sha256(ByteBuffer buffer) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(buffer.duplicate());
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

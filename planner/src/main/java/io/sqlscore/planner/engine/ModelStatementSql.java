package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ExplanationRow;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.PackageWriter;
import io.sqlscore.planner.parse.SqlAlterModelAlias;
import io.sqlscore.planner.parse.SqlCreateModel;
import io.sqlscore.planner.parse.SqlDescribeModel;
import io.sqlscore.planner.parse.SqlDropModel;
import io.sqlscore.planner.parse.SqlExportModel;
import io.sqlscore.planner.parse.SqlModelStatement;
import io.sqlscore.planner.parse.SqlShowModels;
import io.sqlscore.planner.training.TrainingProvenance;
import io.sqlscore.registry.ImportResult;
import io.sqlscore.registry.ModelDescription;
import io.sqlscore.registry.ModelRef;
import io.sqlscore.registry.ModelRegistry;
import io.sqlscore.registry.ModelSummary;
import io.sqlscore.registry.ResolvedModel;
import io.sqlscore.udf.explain.GlobalExplanation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model statements (CREATE MODEL ... FROM, ALTER, DROP, SHOW, DESCRIBE, EXPORT MODEL), run
 * against the session's {@link ModelRegistry}.
 */
final class ModelStatementSql implements PreparedSql {
  private static final List<String> CREATE_OPTIONS = List.of("description", "alias", "binding");
  private static final List<RowsResult.Column> CREATED = List.of(new RowsResult.Column("model", "VARCHAR"),
      new RowsResult.Column("version", "BIGINT"), new RowsResult.Column("status", "VARCHAR"),
      new RowsResult.Column("sha256", "VARCHAR"));
  private static final List<RowsResult.Column> SHOWN = List.of(
      new RowsResult.Column("name", "VARCHAR"), new RowsResult.Column("latest_version", "BIGINT"),
      new RowsResult.Column("versions", "BIGINT"), new RowsResult.Column("aliases", "VARCHAR"),
      new RowsResult.Column("kind", "VARCHAR"), new RowsResult.Column("description", "VARCHAR"));
  private static final List<RowsResult.Column> DESCRIBED = List.of(new RowsResult.Column("section", "VARCHAR"),
      new RowsResult.Column("name", "VARCHAR"), new RowsResult.Column("value", "VARCHAR"));

  private final SqlModelStatement statement;

  ModelStatementSql(SqlModelStatement statement) {
    this.statement = statement;
  }

  @Override
  public StatementAccess access() {
    return statement instanceof SqlShowModels || statement instanceof SqlDescribeModel
        ? StatementAccess.READ : StatementAccess.WRITE;
  }

  @Override
  public java.util.Optional<String> describingSql() {
    List<RowsResult.Column> columns = statement instanceof SqlCreateModel ? CREATED
        : statement instanceof SqlShowModels ? SHOWN
        : statement instanceof SqlDescribeModel ? DESCRIBED
        : null;
    return java.util.Optional.ofNullable(columns).map(RowsResult::describing);
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    Session session = context.session();
    ModelRegistry registry = session.registry();
    String who = System.getProperty("user.name", "unknown");
    if (statement instanceof SqlCreateModel) {
      return create((SqlCreateModel) statement, context, who);
    }
    if (statement instanceof SqlAlterModelAlias) {
      SqlAlterModelAlias alter = (SqlAlterModelAlias) statement;
      if (alter.isSet()) {
        registry.setAlias(alter.name(), alter.alias(), alter.version(), who);
      } else {
        registry.dropAlias(alter.name(), alter.alias(), who);
      }
      return StatementResult.count(0);
    }
    if (statement instanceof SqlDropModel) {
      SqlDropModel drop = (SqlDropModel) statement;
      if (drop.version().isPresent()) {
        registry.dropVersion(drop.name(), drop.version().getAsLong(), who);
        session.engine().models().evict(drop.name(), drop.version().getAsLong());
      } else {
        registry.dropModel(drop.name(), drop.ifExists(), who);
        session.engine().models().evict(drop.name(), -1);
      }
      return StatementResult.count(0);
    }
    if (statement instanceof SqlShowModels) {
      return show(registry.list(), context);
    }
    if (statement instanceof SqlDescribeModel) {
      return describe(registry.describe(ModelRef.parse(((SqlDescribeModel) statement).ref().text())), context);
    }
    if (statement instanceof SqlExportModel) {
      return export((SqlExportModel) statement, registry, context);
    }
    throw new IllegalStateException(statement.getOperator().getName() + " is planned by StatementRouter");
  }

  private static StatementResult create(SqlCreateModel create, ExecutionContext context, String who) {
    Map<String, String> options = create.options();
    for (String key : options.keySet()) {
      if (!CREATE_OPTIONS.contains(key)) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "unknown CREATE MODEL option '%s'; the options are %s", key, CREATE_OPTIONS);
      }
    }
    String binding = options.getOrDefault("binding", "name").toLowerCase(Locale.ROOT);
    if (!binding.equals("name") && !binding.equals("positional")) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "binding must be 'name' or 'positional', not '%s'", binding);
    }
    ModelPackage pkg = ModelPackage.open(Path.of(create.source()).toAbsolutePath().normalize());
    String description = options.containsKey("description") || pkg.config().description().isEmpty()
        ? options.get("description") : pkg.config().description();
    ImportResult result = context.session().registry().importPackage(create.name(), pkg,
        new ModelRegistry.ImportOptions(description, options.get("alias"),
            ModelRegistry.Binding.valueOf(binding.toUpperCase(Locale.ROOT)), who),
        GlobalExplanation.of(pkg));
    String status = result.created()
        ? "created"
        : "unchanged: the package is identical to version " + result.version() + "; nothing was imported";
    return RowsResult.of(context, CREATED,
        List.of(Arrays.asList(result.model(), result.version(), status, result.sha256())));
  }

  /** Writes the stored package of a version (trained or imported) as a directory or a .zip. */
  private static StatementResult export(SqlExportModel export, ModelRegistry registry, ExecutionContext context) {
    ResolvedModel model = registry.resolve(ModelRef.parse(export.ref().text()));
    ModelPackage pkg = registry.loadPackage(model);
    Path target = Path.of(export.target()).toAbsolutePath().normalize();
    PackageWriter.write(pkg, target);
    return RowsResult.of(context,
        List.of(new RowsResult.Column("model", "VARCHAR"), new RowsResult.Column("version", "BIGINT"),
            new RowsResult.Column("path", "VARCHAR"), new RowsResult.Column("sha256", "VARCHAR")),
        List.of(Arrays.asList(model.name(), model.version(), target.toString(), pkg.sha256())));
  }

  private static StatementResult show(List<ModelSummary> models, ExecutionContext context) {
    List<List<Object>> rows = new ArrayList<>();
    for (ModelSummary m : models) {
      rows.add(Arrays.asList(m.name(), m.latestVersion(), m.versions(), aliasText(m.aliases()), m.kind(),
          m.description()));
    }
    return RowsResult.of(context, SHOWN, rows);
  }

  private static String aliasText(Map<String, Long> aliases) {
    List<String> parts = new ArrayList<>();
    aliases.forEach((alias, version) -> parts.add(alias + "=" + version));
    return String.join(", ", parts);
  }

  private static StatementResult describe(ModelDescription d, ExecutionContext context) {
    List<List<Object>> rows = new ArrayList<>();
    ModelConfig c = d.config();
    add(rows, "model", "name", d.model().name());
    add(rows, "model", "version", Long.toString(d.model().version()));
    add(rows, "model", "aliases", String.join(", ", d.aliases()));
    add(rows, "model", "kind", c.kind().configName());
    add(rows, "model", "task", c.task().name().toLowerCase(Locale.ROOT));
    add(rows, "model", "description", d.description());
    add(rows, "model", "sha256", d.model().sha256());
    add(rows, "model", "size_bytes", Long.toString(d.sizeBytes()));
    add(rows, "model", "created_at", d.createdAt().toString());
    add(rows, "model", "created_by", d.createdBy());
    add(rows, "model", "source", d.source());
    add(rows, "model", "binding", d.model().allowsPositionalBinding() ? "positional" : "name");
    for (Map.Entry<String, String> h : hyperparameters(c).entrySet()) {
      add(rows, "hyperparameter", h.getKey(), h.getValue());
    }
    int position = 1;
    for (FeatureSpec f : c.features()) {
      add(rows, "feature", position++ + ". " + f.name(), f.describeType() + "; NULL: " + f.describeNullPolicy());
    }
    if (d.metricsJson() != null) {
      add(rows, "metrics", "json", d.metricsJson());
      TrainingProvenance.rows(d.metricsJson()).forEach((key, value) -> add(rows, "training", key, value));
    }
    for (ExplanationRow e : d.globalExplanation()) {
      add(rows, "global " + e.kind(), "#" + e.rank() + " " + String.join(" x ", e.fields()),
          String.format(Locale.ROOT, "%.6f", e.weight()));
    }
    return RowsResult.of(context, DESCRIBED, rows);
  }

  private static Map<String, String> hyperparameters(ModelConfig c) {
    Map<String, String> h = new java.util.LinkedHashMap<>();
    h.put("nfield", Integer.toString(c.nfield()));
    h.put("nfeat", Integer.toString(c.nfeat()));
    h.put("nemb", Integer.toString(c.nemb()));
    h.put("nhead", Integer.toString(c.nhead()));
    if (c.kind().isArmNet()) {
      h.put("nhid", Integer.toString(c.nhid()));
      h.put("alpha", Double.toString(c.alpha()));
      h.put("mlp_nlayer", Integer.toString(c.mlpLayers()));
      h.put("mlp_nhid", Integer.toString(c.mlpHidden()));
    } else {
      h.put("attn_dims", Arrays.toString(c.attnDims()));
    }
    if (c.kind().hasDeepBranch()) {
      h.put("deep_nlayer", Integer.toString(c.deepLayers()));
      h.put("deep_nhid", Integer.toString(c.deepHidden()));
    }
    return h;
  }

  private static void add(List<List<Object>> rows, String section, String name, String value) {
    rows.add(Arrays.asList(section, name, value));
  }
}

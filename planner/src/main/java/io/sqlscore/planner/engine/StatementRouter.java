package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbIdentifiers;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.catalog.DuckDbCatalog;
import io.sqlscore.planner.exec.ExecutablePlan;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.planner.parse.SqlCreateTableAs;
import io.sqlscore.planner.parse.SqlExplainModel;
import io.sqlscore.planner.plan.DuckDbDialect;
import io.sqlscore.registry.ResolvedModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import io.sqlscore.planner.parse.SqlModelStatement;
import io.sqlscore.planner.parse.SqlTrainModel;
import io.sqlscore.planner.parse.SqlscoreParser;
import io.sqlscore.planner.plan.PlannedQuery;
import io.sqlscore.planner.exec.PlanLowering;
import io.sqlscore.planner.plan.QueryPlanner;
import io.sqlscore.planner.sql.StatementModels;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/**
 * Decides, for one statement, who runs it. Queries are planned by Calcite and pushed down to
 * DuckDB; statements that score rows (PREDICT, EXPLAIN_PREDICT) must be planned; sqlscore's own
 * statements (SET of a sqlscore setting, EXPLAIN PLAN FOR, the model statements, training) run here; everything else, and any
 * statement without sqlscore features that Calcite cannot parse or validate, runs in DuckDB
 * unchanged so that the whole DuckDB dialect stays available. {@code COPY (query) TO ...} whose
 * query scores rows has its query planned and DuckDB writes the scored rows.
 */
final class StatementRouter {
  private final QueryPlanner planner;

  StatementRouter(QueryPlanner planner) {
    this.planner = planner;
  }

  /** Analyses {@code sql} (one statement) for execution on {@code session}. */
  PreparedSql route(String sql, Session session) {
    Optional<CopyQuery> copy = CopyQuery.of(sql);
    if (copy.isPresent() && ScoringSyntax.mentionedIn(copy.get().query())) {
      SqlNode query = SqlscoreParser.parse(copy.get().query());
      ScoringAliases.name(query, copy.get().query());
      return writing("COPY (", query, ")" + copy.get().target(), session);
    }
    ScoringSyntax.checkStatementKind(sql);
    SqlNode node;
    try {
      node = SqlscoreParser.parse(sql);
    } catch (SqlscoreException syntaxError) {
      if (ScoringSyntax.mentionedIn(sql)) {
        throw syntaxError;
      }
      return new PassthroughSql(sql);
    }
    if (node instanceof SqlExplainModel) {
      return explainModel((SqlExplainModel) node, session);
    }
    if (node instanceof SqlTrainModel) {
      return new TrainModelSql((SqlTrainModel) node);
    }
    if (node instanceof SqlModelStatement) {
      return new ModelStatementSql((SqlModelStatement) node);
    }
    if (node instanceof SqlSetOption) {
      return routeSet((SqlSetOption) node, sql);
    }
    if (node instanceof SqlExplain) {
      SqlExplain explain = (SqlExplain) node;
      ScoringAliases.name(explain.getExplicandum(), sql);
      Planned planned = plan(explain.getExplicandum(), session, true);
      Settings settings = session.settings();
      String device = planned.plan.scores() ? session.engine().backend(settings.device()).name() : settings.device();
      return new ExplainSql(planned.plan,
          new ExecutablePlan.Settings(settings.device(), device, settings.batchSize(), settings.scoringThreads()));
    }
    if (node instanceof SqlCreateTableAs) {
      SqlCreateTableAs ctas = (SqlCreateTableAs) node;
      if (!ScoringSyntax.usedIn(ctas.query())) {
        return new PassthroughSql(sql);
      }
      ScoringAliases.name(ctas.query(), sql);
      return writing(ctas.prefix(), ctas.query(), "", session);
    }
    if (node instanceof SqlInsert) {
      SqlInsert insert = (SqlInsert) node;
      return ScoringSyntax.usedIn(insert.getSource())
          ? writing(insertPrefix(insert), insert.getSource(), "", session)
          : new PassthroughSql(sql);
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      boolean scoring = ScoringSyntax.usedIn(node);
      ScoringAliases.name(node, sql);
      Planned planned = plan(node, session, scoring);
      return planned == null
          ? new PassthroughSql(sql)
          : new QuerySql("", "", planned.plan, planned.query.parameterTypes());
    }
    return new PassthroughSql(sql);
  }

  private PreparedSql routeSet(SqlSetOption set, String sql) {
    String name = set.getName().toString();
    if (!Settings.isSetting(name)) {
      return new PassthroughSql(sql);
    }
    SqlNode value = set.getValue();
    String text = value == null ? null
        : value instanceof SqlLiteral ? ((SqlLiteral) value).toValue()
        : value instanceof SqlIdentifier ? ((SqlIdentifier) value).getSimple()
        : value.toString();
    return new SetSql(name.toLowerCase(Locale.ROOT), text);
  }

  /** A statement that writes the rows of a scoring {@code query}, written between {@code prefix} and {@code suffix}. */
  private PreparedSql writing(String prefix, SqlNode query, String suffix, Session session) {
    Planned planned = plan(query, session, true);
    return new QuerySql(prefix, suffix, planned.plan, planned.query.parameterTypes());
  }

  /**
   * Plans {@code EXPLAIN MODEL}: the query's rows feed the model's features by column name,
   * through {@code SELECT <features> FROM (query) AS q}.
   */
  private PreparedSql explainModel(SqlExplainModel explain, Session session) {
    StatementModels models = new StatementModels(session.registry());
    ResolvedModel model = models.resolve(explain.ref().text());
    List<SqlNode> columns = new ArrayList<>();
    List<String> features = new ArrayList<>();
    for (FeatureSpec feature : model.config().features()) {
      columns.add(new SqlIdentifier(List.of("q", feature.name()), SqlParserPos.ZERO));
      features.add(feature.name());
    }
    SqlNode from = SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, explain.query(),
        new SqlIdentifier("q", SqlParserPos.ZERO));
    SqlSelect select = new SqlSelect(SqlParserPos.ZERO, null, new SqlNodeList(columns, SqlParserPos.ZERO),
        from, null, null, null, null, null, null, null, null);
    PlannedQuery planned;
    try {
      planned = planner.plan(select, DuckDbCatalog.load(session.duck()), models);
    } catch (SqlscoreException e) {
      if (e.code() != ErrorCode.UNDEFINED_COLUMN) {
        throw e;
      }
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "EXPLAIN MODEL %s reads the model's features by name from the columns of its query, "
              + "which lacks one: %s; the features are %s", model.label(), e.detail(), String.join(", ", features));
    }
    ExecutablePlan plan = new PlanLowering().lower(planned.rel());
    if (plan.scores()) {
      throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED,
          "the query of EXPLAIN MODEL cannot itself call PREDICT or EXPLAIN_PREDICT; score it separately");
    }
    String queryText = explain.query().toSqlString(DuckDbDialect.INSTANCE).getSql();
    return new ExplainModelSql(model, plan, queryText, explain.saveAs().orElse(null));
  }

  /** {@code INSERT INTO target [(columns)] } for DuckDB, from the parsed statement. */
  private static String insertPrefix(SqlInsert insert) {
    SqlIdentifier target = (SqlIdentifier) insert.getTargetTable();
    StringBuilder sb = new StringBuilder("INSERT INTO ")
        .append(DuckDbIdentifiers.quoteQualified(target.names.toArray(new String[0])));
    if (insert.getTargetColumnList() != null && insert.getTargetColumnList().size() > 0) {
      StringJoiner columns = new StringJoiner(", ", " (", ")");
      for (SqlNode column : insert.getTargetColumnList()) {
        columns.add(DuckDbIdentifiers.quote(((SqlIdentifier) column).getSimple()));
      }
      sb.append(columns);
    }
    return sb.append(' ').toString();
  }

  /**
   * Plans a query. Returns null when Calcite cannot validate, plan or write back a query that
   * needs no sqlscore feature (DuckDB then runs it as written); throws when {@code required}.
   */
  private Planned plan(SqlNode query, Session session, boolean required) {
    PlannedQuery planned;
    ExecutablePlan plan;
    try {
      planned = planner.plan(query, DuckDbCatalog.load(session.duck()), new StatementModels(session.registry()));
      plan = new PlanLowering().lower(planned.rel());
    } catch (RuntimeException e) {
      // Calcite's limits (a SqlscoreException from validation, or a failure writing the SQL back,
      // as for some correlated sub-queries) are no reason to refuse a plain DuckDB query.
      if (!required) {
        return null;
      }
      throw e;
    }
    if (plan.scores()) {
      session.engine().backend(session.settings().device());
    }
    return new Planned(planned, plan);
  }

  private static final class Planned {
    final PlannedQuery query;
    final ExecutablePlan plan;

    Planned(PlannedQuery query, ExecutablePlan plan) {
      this.query = query;
      this.plan = plan;
    }
  }
}

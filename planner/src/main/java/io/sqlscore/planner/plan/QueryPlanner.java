package io.sqlscore.planner.plan;

import io.sqlscore.planner.catalog.DuckDbCatalog;
import io.sqlscore.planner.rules.ScoringCalls;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import io.sqlscore.planner.sql.ByNameBinding;
import io.sqlscore.planner.sql.ScoringOperators;
import io.sqlscore.planner.sql.StatementModels;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Turns a parsed query into a {@link PlannedQuery}: validates it against the DuckDB catalog and
 * the operator table, converts it to relational algebra, and runs the rewrite program.
 */
public final class QueryPlanner {
  private final SqlOperatorTable operators;
  private final HepProgram program;

  /** Creates a planner with the given operators and rewrite program. */
  public QueryPlanner(SqlOperatorTable operators, HepProgram program) {
    this.operators = operators;
    this.program = program;
  }

  /**
   * Validates and plans {@code query} against {@code catalog}, resolving model references
   * through {@code models}. Errors are {@link io.sqlscore.error.SqlscoreException}s.
   */
  public PlannedQuery plan(SqlNode query, DuckDbCatalog catalog, StatementModels models) {
    JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(SqlscoreTypeSystem.INSTANCE);
    DuckDbCatalogReader reader = new DuckDbCatalogReader(catalog, typeFactory);
    SqlOperatorTable table = SqlOperatorTables.chain(ScoringOperators.of(models), operators, reader);
    ByNameBinding binding = new ByNameBinding(models);
    SqlValidator validator = validator(table, reader, typeFactory);
    SqlNode validated;
    try {
      validated = validator.validate(binding.rewrite(query));
    } catch (RuntimeException e) {
      throw binding.explain(ValidationErrors.translate(e),
          from -> columnsInScope(from, table, reader, typeFactory));
    }
    RelDataType parameterRow = validator.getParameterRowType(validated);

    RelOptCluster cluster =
        RelOptCluster.create(new HepPlanner(program), new FaithfulRexBuilder(typeFactory));
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw new UnsupportedOperationException("views are expanded by DuckDB");
        },
        validator, reader, cluster, StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(true)
            .withRelBuilderConfigTransform(c -> c.withSimplify(false).withSimplifyValues(false)));
    RelRoot root;
    try {
      root = converter.convertQuery(validated, false, true);
      root = root.withRel(converter.trimUnusedFields(true, root.rel));
    } catch (RuntimeException e) {
      throw ValidationErrors.translate(e);
    }
    RelNode converted = root.project();
    // Only scoring statements: DuckDB plans the correlated sub-queries of the others itself.
    RelNode rel = optimize(ScoringCalls.present(converted) ? Correlations.decorrelated(converted) : converted);
    ScoringCalls.checkAllPlanned(rel);

    List<RelDataType> parameterTypes = new ArrayList<>();
    parameterRow.getFieldList().forEach(f -> parameterTypes.add(f.getType()));
    return new PlannedQuery(rel, parameterTypes);
  }

  /** Runs the rewrite program on {@code rel}, and on the plans of its sub-queries. */
  private RelNode optimize(RelNode rel) {
    HepPlanner planner = new HepPlanner(program);
    planner.setRoot(rel);
    RelNode best = planner.findBestExp();
    return best.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        return visited.accept(new RexShuttle() {
          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            return subQuery.clone(optimize(subQuery.rel));
          }
        });
      }
    });
  }

  private static SqlValidator validator(
      SqlOperatorTable table, DuckDbCatalogReader reader, JavaTypeFactory typeFactory) {
    return new SqlscoreValidator(table, reader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withIdentifierExpansion(true)
            .withConformance(SqlscoreConformance.INSTANCE)
            .withDefaultNullCollation(NullCollation.LAST));
  }

  /** The qualified columns a FROM clause brings into scope, for error messages. */
  private static List<String> columnsInScope(
      SqlNode from, SqlOperatorTable table, DuckDbCatalogReader reader, JavaTypeFactory typeFactory) {
    try {
      SqlSelect star = new SqlSelect(SqlParserPos.ZERO, null,
          SqlNodeList.of(SqlIdentifier.star(SqlParserPos.ZERO)), from, null, null, null, null, null, null,
          null, null);
      SqlSelect select = (SqlSelect) validator(table, reader, typeFactory).validate(star);
      List<String> columns = new ArrayList<>();
      for (SqlNode item : select.getSelectList()) {
        SqlNode column = item instanceof SqlCall && ((SqlCall) item).getOperator().getKind() == SqlKind.AS
            ? ((SqlCall) item).operand(0) : item;
        columns.add(column instanceof SqlIdentifier
            ? String.join(".", ((SqlIdentifier) column).names) : column.toString());
      }
      return columns;
    } catch (RuntimeException e) {
      return List.of();
    }
  }
}

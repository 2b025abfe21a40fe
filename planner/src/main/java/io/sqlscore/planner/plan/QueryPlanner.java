package io.sqlscore.planner.plan;

import io.sqlscore.planner.catalog.DuckDbCatalog;
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
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
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

  /** Validates and plans {@code query} against {@code catalog}. */
  public PlannedQuery plan(SqlNode query, DuckDbCatalog catalog) {
    JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(SqlscoreTypeSystem.INSTANCE);
    DuckDbCatalogReader reader = new DuckDbCatalogReader(catalog, typeFactory);
    SqlValidator validator = SqlValidatorUtil.newValidator(
        org.apache.calcite.sql.util.SqlOperatorTables.chain(operators, reader), reader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withIdentifierExpansion(true)
            .withConformance(SqlConformanceEnum.BABEL)
            .withDefaultNullCollation(NullCollation.LAST));
    SqlNode validated = validator.validate(query);
    RelDataType parameterRow = validator.getParameterRowType(validated);

    HepPlanner planner = new HepPlanner(program);
    RelOptCluster cluster = RelOptCluster.create(planner, new FaithfulRexBuilder(typeFactory));
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw new UnsupportedOperationException("views are expanded by DuckDB");
        },
        validator, reader, cluster, StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withExpand(false).withTrimUnusedFields(false)
            .withRelBuilderConfigTransform(c -> c.withSimplify(false).withSimplifyValues(false)));
    RelRoot root = converter.convertQuery(validated, false, true);
    planner.setRoot(root.project());
    RelNode rel = planner.findBestExp();

    List<RelDataType> parameterTypes = new ArrayList<>();
    parameterRow.getFieldList().forEach(f -> parameterTypes.add(f.getType()));
    List<String> names = new ArrayList<>();
    root.fields.forEach(f -> names.add(f.getValue()));
    return new PlannedQuery(rel, names, parameterTypes);
  }
}

package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowQuery;
import io.sqlscore.model.ExplanationRow;
import io.sqlscore.planner.exec.ExecutablePlan;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.registry.ResolvedModel;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.explain.DatasetExplanation;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.FieldNames;
import io.sqlscore.udf.explain.GlobalExplanation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;

/**
 * {@code EXPLAIN MODEL name[@v] ON (query) [AS name]}: scores every row of the query (whose
 * columns feed the model's features by name) and returns the dataset-level explanation: each
 * field's mean local importance and the top cross features by mean weight; with {@code AS name}
 * the explanation is also stored in the registry.
 */
final class ExplainModelSql implements PreparedSql {
  private static final List<RowsResult.Column> COLUMNS = List.of(new RowsResult.Column("kind", "VARCHAR"),
      new RowsResult.Column("rank", "INTEGER"), new RowsResult.Column("fields", "VARCHAR"),
      new RowsResult.Column("weight", "DOUBLE"), new RowsResult.Column("rows", "BIGINT"));

  private final ResolvedModel model;
  private final ExecutablePlan plan;
  private final String queryText;
  private final String saveAs;

  ExplainModelSql(ResolvedModel model, ExecutablePlan plan, String queryText, String saveAs) {
    this.model = model;
    this.plan = plan;
    this.queryText = queryText;
    this.saveAs = saveAs;
  }

  /** Storing the explanation ({@code AS name}) writes to the registry. */
  @Override
  public StatementAccess access() {
    return saveAs == null ? StatementAccess.READ : StatementAccess.WRITE;
  }

  @Override
  public java.util.Optional<String> describingSql() {
    return java.util.Optional.of(RowsResult.describing(COLUMNS));
  }

  @Override
  public StatementResult execute(ExecutionContext context) {
    Session session = context.session();
    List<String> names = FieldNames.of(model.config());
    DatasetExplanation dataset = new DatasetExplanation(names);
    try (BufferAllocator allocator = session.engine().memory().newChild("explain-model");
        ScanConnection scan = session.scanConnection();
        ModelCache<CompiledModel>.Lease lease = session.engine().acquire(model, session.settings().device(),
            () -> session.registry().loadPackage(model), context.query()::checkCancelled);
        ArrowQuery query = ArrowQuery.open(scan.connection(), plan.root().sql().sql(),
            bind(context.parameters()), allocator, session.settings().batchSize())) {
      context.query().register(query.statement());
      Explainer explainer = Explainer.forKind(model.config().kind());
      FeatureEncoder encoder = new FeatureEncoder(model.config(), model.label());
      ArrowReader reader = query.reader();
      long firstRow = 0;
      while (reader.loadNextBatch()) {
        context.query().checkCancelled();
        VectorSchemaRoot batch = reader.getVectorSchemaRoot();
        List<FieldVector> columns = batch.getFieldVectors();
        FeatureBatch features = encoder.encode(columns, names, firstRow);
        ForwardResult result = session.engine().runner().forward(lease.model(), features, explainer.needs(),
            session.settings().scoringThreads());
        for (int r = 0; r < result.rows(); r++) {
          dataset.add(explainer.explain(result, r, Integer.MAX_VALUE));
        }
        firstRow += batch.getRowCount();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<ExplanationRow> rows = dataset.result(GlobalExplanation.TOP_CROSSES);
    if (saveAs != null) {
      session.registry().storeExplanation(model, saveAs, rows, dataset.rows(), queryText,
          System.getProperty("user.name", "unknown"));
    }
    List<List<Object>> values = new ArrayList<>();
    for (ExplanationRow row : rows) {
      values.add(Arrays.asList(row.kind(), row.rank(), String.join(" x ", row.fields()), row.weight(),
          dataset.rows()));
    }
    return RowsResult.of(context, COLUMNS, values);
  }

  private List<Object> bind(List<Object> parameters) {
    List<Object> values = new ArrayList<>();
    for (int index : plan.root().sql().parameterIndexes()) {
      values.add(parameters.get(index));
    }
    return values;
  }

  @Override
  public boolean readsCatalog() {
    return true;
  }
}

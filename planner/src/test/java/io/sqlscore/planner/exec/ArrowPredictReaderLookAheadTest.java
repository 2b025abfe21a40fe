package io.sqlscore.planner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.arrow.ArrowLeakCheck;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.FieldNames;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ArrowPredictReader with a model that scores in the background (as the GPU does with
 * pipelining): the reader submits batch i+1 before it collects batch i, hands out exactly what
 * it hands out without the look-ahead (scores and explanations, batch by batch), drops every
 * submitted pass it does not collect, and reports an error of a batch when that batch would have
 * been read. The rows come from DuckDB as Arrow batches; the model is the CPU backend's, wrapped
 * so that its passes run only when collected. A plain CPU pass asked for scores only reads ahead
 * too (its slices scored on pool threads): same scores, errors at their batch.
 */
class ArrowPredictReaderLookAheadTest {
  @RegisterExtension
  static final ArrowLeakCheck ARROW = new ArrowLeakCheck();

  private static final Path REPO = Path.of(System.getProperty("sqlscore.repo", ".."));
  private static final String ROWS = "SELECT * FROM read_csv('"
      + REPO.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '') ORDER BY id LIMIT 2500";
  private static final int BATCH = 500;

  /** A model that scores when a pass is collected, logging submissions, collections and drops. */
  private static final class Background implements CompiledModel {
    final CompiledModel cpu;
    final List<String> log = new ArrayList<>();
    int failAtAwait = -1;
    int submitted;
    int open;

    Background(CompiledModel cpu) {
      this.cpu = cpu;
    }

    @Override
    public ModelConfig config() {
      return cpu.config();
    }

    @Override
    public ForwardResult forward(FeatureBatch batch, Outputs outputs) {
      return cpu.forward(batch, outputs);
    }

    @Override
    public boolean prefersWholeBatches() {
      return true;
    }

    @Override
    public boolean scoresInBackground() {
      return true;
    }

    @Override
    public PendingForward submit(FeatureBatch batch, Outputs outputs) {
      int index = submitted++;
      log.add("submit " + index);
      open++;
      return new PendingForward() {
        boolean closed;

        @Override
        public ForwardResult await() {
          log.add("await " + index);
          if (index == failAtAwait) {
            throw new SqlscoreException(ErrorCode.BAD_FEATURE_VALUE, "batch " + index + " is bad");
          }
          return cpu.forward(batch, outputs);
        }

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            open--;
          }
        }
      };
    }

    @Override
    public long memoryBytes() {
      return cpu.memoryBytes();
    }

    @Override
    public void close() {
      cpu.close();
    }
  }

  /** Every batch a reader over the Adult test rows hands out, as text, scored and explained by {@code model}. */
  private static List<String> read(CompiledModel model, Connection db, List<SqlscoreException> failures)
      throws Exception {
    List<String> batches = new ArrayList<>();
    drain(model, db, ROWS, failures, root -> {
      int columns = root.getFieldVectors().size();
      batches.add(root.getRowCount() + " " + root.getVector(columns - 2).getObject(7) + " "
          + root.getVector(columns - 1).getObject(root.getRowCount() - 1));
    });
    return batches;
  }

  /** Hands every batch of a reader over {@code sql}'s rows, scored and explained by {@code model}, to {@code each}. */
  private static void drain(CompiledModel model, Connection db, String sql, List<SqlscoreException> failures,
      Consumer<VectorSchemaRoot> each) throws Exception {
    drain(model, true, db, sql, failures, each);
  }

  /** Like the above; without {@code explain}, the pass is PREDICT alone. */
  private static void drain(CompiledModel model, boolean explain, Connection db, String sql,
      List<SqlscoreException> failures, Consumer<VectorSchemaRoot> each) throws Exception {
    try (BatchRunner runner = new BatchRunner();
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(sql);
        ArrowReader input = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(ARROW.allocator(), BATCH);
        ArrowPredictReader reader = new ArrowPredictReader(input, ARROW.allocator(),
            IntStream.range(0, input.getVectorSchemaRoot().getFieldVectors().size()).boxed().toList(),
            List.of(pass(model, explain, runner, input)), () -> { }, failures::add, scored -> { })) {
      while (reader.loadNextBatch()) {
        each.accept(reader.getVectorSchemaRoot());
      }
    }
  }

  /**
   * PREDICT and (with {@code explain}) EXPLAIN_PREDICT(k = 2) of {@code model} over the input's
   * feature columns, by name.
   */
  private static ScoringPass pass(CompiledModel model, boolean explain, BatchRunner runner, ArrowReader input)
      throws Exception {
    ModelConfig config = model.config();
    List<String> columns = input.getVectorSchemaRoot().getSchema().getFields().stream().map(f -> f.getName()).toList();
    List<Integer> featureColumns = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (FeatureSpec feature : config.features()) {
      featureColumns.add(columns.indexOf(feature.name()));
      names.add(feature.name());
    }
    Explainer explainer = Explainer.forKind(config.kind());
    List<OutputColumn> outputs = explain
        ? List.of(new ScoreColumn("$score0"), new ExplanationColumn("$explain1", explainer, 2, FieldNames.of(config)))
        : List.of(new ScoreColumn("$score0"));
    return new ScoringPass(model, new FeatureEncoder(config, "adult"), runner, 2, featureColumns, names, outputs,
        explain ? explainer.needs() : Outputs.NONE, () -> { });
  }

  private static CompiledModel cpuModel() {
    return new CpuBackend().compile(ModelPackage.open(REPO.resolve("sql-examples/models/adult-armnet_plus")));
  }

  @Test
  void handsOutWhatTheSynchronousReaderHandsOutOneBatchAhead() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        CompiledModel cpu = cpuModel();
        Background background = new Background(cpuModel())) {
      List<SqlscoreException> failures = new ArrayList<>();
      List<String> expected = read(cpu, db, failures);
      List<String> got = read(background, db, failures);
      assertEquals(5, expected.size(), "2,500 rows in batches of 500");
      assertEquals(expected, got);
      assertTrue(failures.isEmpty(), failures::toString);
      List<String> order = new ArrayList<>();
      order.add("submit 0");
      for (int i = 0; i < expected.size(); i++) {
        if (i + 1 < expected.size()) {
          order.add("submit " + (i + 1));
        }
        order.add("await " + i);
      }
      assertEquals(order, background.log, "batch i+1 is queued before batch i is collected");
      assertEquals(0, background.open, "every submitted pass is closed");
    }
  }

  @Test
  void anErrorOfABatchComesWhenThatBatchIsReadAndDropsTheBatchAhead() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Background background = new Background(cpuModel())) {
      background.failAtAwait = 3;
      List<SqlscoreException> failures = new ArrayList<>();
      List<String> delivered = new ArrayList<>();
      SqlscoreException e = assertThrows(SqlscoreException.class,
          () -> drain(background, db, ROWS, failures, root -> delivered.add("batch " + delivered.size())));
      assertEquals("batch 3 is bad", e.detail());
      assertEquals(List.of("batch 0", "batch 1", "batch 2"), delivered);
      assertEquals(List.of(e), failures);
      assertEquals(List.of("submit 0", "submit 1", "await 0", "submit 2", "await 1", "submit 3", "await 2",
          "submit 4", "await 3"), background.log);
      assertEquals(0, background.open, "the batch read ahead of the failed one was dropped");
    }
  }

  @Test
  void anEncodingErrorAheadIsThrownWhenItsBatchIsRead() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Background background = new Background(new CpuBackend().compile(
            ModelPackage.open(REPO.resolve("sql-examples/examples/packages/adult-strict"))))) {
      List<SqlscoreException> failures = new ArrayList<>();
      List<Integer> delivered = new ArrayList<>();
      String nullAge = "SELECT * REPLACE (CASE WHEN id = 1200 THEN NULL ELSE age END AS age) FROM (" + ROWS + ")";
      SqlscoreException e = assertThrows(SqlscoreException.class,
          () -> drain(background, db, nullAge, failures, root -> delivered.add(root.getRowCount())));
      assertEquals(List.of(BATCH, BATCH), delivered, "batches 0 and 1 come out before batch 2's error");
      assertTrue(e.getMessage().contains("row 1201"), e.getMessage());
      assertEquals(List.of(e), failures);
      assertFalse(background.log.contains("submit 2"), "batch 2 never reached the model");
      assertEquals(0, background.open);
    }
  }

  @Test
  void aCpuPassAskedForScoresOnlyReadsAheadAndScoresEveryRowAsTheModelDoes() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        CompiledModel cpu = cpuModel();
        BatchRunner runner = new BatchRunner(1)) {
      List<SqlscoreException> failures = new ArrayList<>();
      List<Double> scores = new ArrayList<>();
      drain(cpu, false, db, ROWS, failures, root -> {
        FieldVector score = root.getVector(root.getFieldVectors().size() - 1);
        for (int r = 0; r < root.getRowCount(); r++) {
          scores.add((Double) score.getObject(r));
        }
      });
      assertTrue(failures.isEmpty(), failures::toString);
      List<Double> expected = new ArrayList<>();
      try (Statement statement = db.createStatement();
          ResultSet rows = statement.executeQuery(ROWS);
          ArrowReader input = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(ARROW.allocator(), BATCH)) {
        ScoringPass pass = pass(cpu, false, runner, input);
        assertTrue(pass.pipelines(), "a CPU pass asked for scores only pipelines");
        FeatureEncoder encoder = new FeatureEncoder(cpu.config(), "adult");
        List<String> names = cpu.config().features().stream().map(FeatureSpec::name).toList();
        while (input.loadNextBatch()) {
          VectorSchemaRoot batch = input.getVectorSchemaRoot();
          List<FieldVector> columns = names.stream().map(batch::getVector).toList();
          for (double score : cpu.forward(encoder.encode(columns, names, 0), Outputs.NONE).scores()) {
            expected.add(score);
          }
        }
      }
      assertEquals(2500, scores.size());
      assertEquals(expected, scores);
    }
  }

  @Test
  void aCpuScoresOnlyPassReportsABadValueWhenItsBatchIsReadAndLeavesNothingRunning() throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        CompiledModel strict = new CpuBackend().compile(
            ModelPackage.open(REPO.resolve("sql-examples/examples/packages/adult-strict")))) {
      List<SqlscoreException> failures = new ArrayList<>();
      List<Integer> delivered = new ArrayList<>();
      String nullAge = "SELECT * REPLACE (CASE WHEN id = 1200 THEN NULL ELSE age END AS age) FROM (" + ROWS + ")";
      SqlscoreException e = assertThrows(SqlscoreException.class,
          () -> drain(strict, false, db, nullAge, failures, root -> delivered.add(root.getRowCount())));
      assertEquals(List.of(BATCH, BATCH), delivered, "batches 0 and 1 come out before batch 2's error");
      assertTrue(e.getMessage().contains("row 1201"), e.getMessage());
      assertEquals(List.of(e), failures);
    }
  }
}

package io.sqlscore.udf.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Auc;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.Parity;
import io.sqlscore.udf.cpu.CpuBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled Adult models reproduce expected_test.csv when adult_test.csv's raw columns, read
 * by DuckDB and exported as Arrow, are encoded through {@link FeatureEncoder}.
 */
class AdultParityTest {
  private static final Path REPO = Path.of(System.getProperty("sqlscore.repo", ".."));
  private static final Path TEST_CSV = REPO.resolve("sql-examples/data/adult/adult_test.csv");
  private static BufferAllocator allocator;
  private static BatchRunner runner;

  @BeforeAll
  static void start() {
    allocator = new RootAllocator();
    runner = new BatchRunner();
  }

  @AfterEach
  void noLeaks() {
    assertEquals(0, allocator.getAllocatedMemory(), "Arrow memory still allocated");
  }

  @AfterAll
  static void stop() {
    runner.close();
    allocator.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void reproducesExpectedTestScores(String name) throws Exception {
    Path dir = REPO.resolve("sql-examples/models").resolve(name);
    ModelPackage pkg = ModelPackage.open(dir);
    List<String> columns = pkg.config().features().stream().map(FeatureSpec::name).toList();
    FeatureEncoder encoder = new FeatureEncoder(pkg.config(), name + "@1");
    List<Double> logits = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Float> labels = new ArrayList<>();
    try (CompiledModel model = new CpuBackend().compile(pkg);
        Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT " + String.join(", ", columns) + ", label FROM read_csv('" + TEST_CSV
                    + "', header = true) ORDER BY id");
        ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(allocator, 3000);
        Float8Vector out = new Float8Vector("score", allocator)) {
      ArrowBatchScorer scorer = new ArrowBatchScorer(model, encoder, runner, 2);
      long first = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        List<FieldVector> features = columns.stream().map(root::getVector).toList();
        ForwardResult result = scorer.score(features, columns, first, Outputs.NONE, out);
        for (int r = 0; r < root.getRowCount(); r++) {
          logits.add(result.logits()[r]);
          scores.add(out.get(r));
          labels.add((float) ((org.apache.arrow.vector.BaseIntVector) root.getVector("label")).getValueAsLong(r));
        }
        first += root.getRowCount();
      }
    }
    float[] expectedLogit = new float[logits.size()];
    float[] expectedScore = new float[logits.size()];
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT logit, score FROM read_csv('" + dir.resolve("expected_test.csv") + "', header = true) ORDER BY id")) {
      int i = 0;
      while (rows.next()) {
        expectedLogit[i] = (float) rows.getDouble(1);
        expectedScore[i] = (float) rows.getDouble(2);
        i++;
      }
      assertEquals(logits.size(), i, "row count of expected_test.csv");
    }
    double[] gotLogits = logits.stream().mapToDouble(Double::doubleValue).toArray();
    double[] gotScores = scores.stream().mapToDouble(Double::doubleValue).toArray();
    Parity.assertClose(name + " logit", expectedLogit, gotLogits, 1e-5);
    Parity.assertClose(name + " score", expectedScore, gotScores, 1e-5);
    float[] labelArray = new float[labels.size()];
    for (int i = 0; i < labelArray.length; i++) {
      labelArray[i] = labels.get(i);
    }
    assertEquals(pkg.metrics().orElseThrow().get("auc").asDouble(), Auc.of(gotScores, labelArray), 1e-4, "AUC");
  }
}

package io.sqlscore.udf.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.encode.FeatureEncoder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;
import org.junit.jupiter.api.Test;

/**
 * The top cross features of known rows of the bundled Adult ARM-Net+ model are the ones the
 * definition in EXPLAIN.md gives, computed here again step by step, literally, from the gates and
 * interaction weights of the forward pass.
 */
class AdultExplanationTest {
  private static final Path REPO = Path.of(System.getProperty("sqlscore.repo", ".."));

  @Test
  void knownRowsRankTheCrossFeaturesOfTheDefinition() throws Exception {
    ModelPackage pkg = ModelPackage.open(REPO.resolve("sql-examples/models/adult-armnet_plus"));
    List<String> columns = pkg.config().features().stream().map(FeatureSpec::name).toList();
    try (BufferAllocator allocator = new RootAllocator();
        CompiledModel model = new CpuBackend().compile(pkg);
        Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", columns) + " FROM read_csv('"
            + REPO.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true) WHERE id IN (0, 1, 4242) ORDER BY id");
        ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(allocator, 16)) {
      reader.loadNextBatch();
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<FieldVector> features = columns.stream().map(root::getVector).toList();
      FeatureBatch batch = new FeatureEncoder(pkg.config(), "adult@1").encode(features, columns, 0);
      ForwardResult result = model.forward(batch, Explainer.ARM_NET_OUTPUTS);
      for (int row = 0; row < result.rows(); row++) {
        List<double[]> expected = definition(result, row);
        RowExplanation got = Explainer.forKind(pkg.config().kind()).explain(result, row, 5);
        assertEquals(5, got.crosses().size());
        for (int i = 0; i < 5; i++) {
          double[] item = expected.get(i);
          CrossFeature cross = got.crosses().get(i);
          assertArrayEquals(IntStream.range(0, (int) item[0]).map(j -> (int) item[4 + j]).toArray(), cross.fields(),
              "row " + row + " item " + i);
          assertEquals(item[1], cross.weight(), 1e-12);
          assertEquals((int) item[2], cross.supportOrder());
          assertEquals((int) item[3], cross.neurons());
        }
      }
    }
  }

  /**
   * EXPLAIN.md, literally: per neuron its support, strength and effective cross feature; items
   * grouped by cross feature; ranked. Each item is {order, weight, support order, neurons,
   * fields...}.
   */
  private static List<double[]> definition(ForwardResult result, int row) {
    int fields = result.fields();
    int neurons = result.armHeads() * result.armNeurons();
    Map<String, double[]> items = new TreeMap<>();
    for (int n = 0; n < neurons; n++) {
      int base = (row * neurons + n) * fields;
      List<Integer> support = new ArrayList<>();
      double strength = 0;
      for (int f = 0; f < fields; f++) {
        if (result.gates()[base + f] > 0) {
          support.add(f);
          strength += Math.abs((double) result.interactionWeights()[base + f]);
        }
      }
      support.sort(Comparator.<Integer>comparingDouble(f -> -Math.abs((double) result.interactionWeights()[base + f]))
          .thenComparingInt(f -> f));
      List<Integer> cross = new ArrayList<>();
      double sum = 0;
      for (int f : support) {
        cross.add(f);
        sum += Math.abs((double) result.interactionWeights()[base + f]);
        if (sum >= strength / 2) {
          break;
        }
      }
      cross.sort(null);
      double[] item = items.computeIfAbsent(cross.toString(), k -> {
        double[] fresh = new double[4 + cross.size()];
        fresh[0] = cross.size();
        for (int j = 0; j < cross.size(); j++) {
          fresh[4 + j] = cross.get(j);
        }
        return fresh;
      });
      item[1] += strength / neurons;
      item[2] = Math.max(item[2], support.size());
      item[3]++;
    }
    List<double[]> ranked = new ArrayList<>(items.values());
    ranked.sort((a, b) -> {
      int c = Double.compare(b[1], a[1]);
      if (c != 0) {
        return c;
      }
      c = Double.compare(a[0], b[0]);
      for (int j = 0; c == 0 && j < a[0]; j++) {
        c = Double.compare(a[4 + j], b[4 + j]);
      }
      return c;
    });
    return ranked;
  }
}

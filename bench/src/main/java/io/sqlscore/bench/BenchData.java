package io.sqlscore.bench;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.encode.LibsvmReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBResultSet;

/** Test rows for a benchmark or the GPU check, already encoded: a CSV with the features' columns, or libsvm. */
public final class BenchData {
  private BenchData() {}

  /** True when {@code csv}'s header names every feature of {@code config}. */
  static boolean csvHasFeatures(Path csv, ModelConfig config) {
    if (!config.hasFeatures() || !Files.isRegularFile(csv)) {
      return false;
    }
    try (BufferedReader in = Files.newBufferedReader(csv)) {
      String header = in.readLine();
      Set<String> columns = Set.copyOf(Arrays.asList(header == null ? new String[0] : header.split(",")));
      return config.features().stream().map(FeatureSpec::name).allMatch(columns::contains);
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads {@code csv} with DuckDB and encodes the feature columns through the model's config. */
  public static FeatureBatch fromCsv(Path csv, ModelConfig config, String label) {
    List<String> columns = config.features().stream().map(FeatureSpec::name).toList();
    FeatureEncoder encoder = new FeatureEncoder(config, label);
    List<FeatureBatch> parts = new ArrayList<>();
    String query =
        "SELECT " + String.join(", ", columns) + " FROM read_csv('" + csv.toString().replace("'", "''")
            + "', header = true)";
    try (BufferAllocator allocator = new RootAllocator();
        Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(query);
        ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(allocator, 4096)) {
      long first = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        List<FieldVector> vectors = columns.stream().map(root::getVector).toList();
        parts.add(encoder.encode(vectors, columns, first));
        first += root.getRowCount();
      }
    } catch (SQLException | IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + csv + ": " + e.getMessage(), e);
    }
    return concat(parts, config.nfield());
  }

  /** The numeric column {@code column} of {@code csv}, read with DuckDB, in file order. */
  static float[] csvColumn(Path csv, String column) {
    String query = "SELECT CAST(\"" + column.replace("\"", "\"\"") + "\" AS REAL) FROM read_csv('"
        + csv.toString().replace("'", "''") + "', header = true)";
    List<Float> values = new ArrayList<>();
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = db.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        values.add(rows.getFloat(1));
      }
    } catch (SQLException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + column + " from " + csv + ": " + e.getMessage(), e);
    }
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** Reads a libsvm file of {@code fields} fields. */
  static FeatureBatch fromLibsvm(Path file, int fields) {
    return LibsvmReader.read(file, fields).batch();
  }

  private static FeatureBatch concat(List<FeatureBatch> parts, int fields) {
    int rows = parts.stream().mapToInt(FeatureBatch::rows).sum();
    int[] ids = new int[rows * fields];
    float[] values = new float[rows * fields];
    int at = 0;
    for (FeatureBatch part : parts) {
      System.arraycopy(part.ids(), 0, ids, at, part.ids().length);
      System.arraycopy(part.values(), 0, values, at, part.values().length);
      at += part.ids().length;
    }
    return new FeatureBatch(rows, fields, ids, values);
  }
}

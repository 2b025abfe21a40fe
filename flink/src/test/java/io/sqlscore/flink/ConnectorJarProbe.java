package io.sqlscore.flink;

import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Backends;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.encode.ValueRows;
import io.sqlscore.udf.explain.FieldNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loaded by {@link ConnectorJarIT} from the connector jar alone (no other class path): reads
 * the bundled ARM-Net+ package (relocated Jackson), finds the CPU backend (service files) and
 * scores the first Adult test row (feature encoder with relocated Arrow types), returning the
 * score as text.
 */
public final class ConnectorJarProbe implements Supplier<String> {
  @Override
  public String get() {
    ModelPackage pkg = ModelPackage.open(Path.of(System.getProperty("sqlscore.repo"))
        .resolve("sql-examples/models/adult-armnet_plus"));
    try (CompiledModel model = Backends.byName("cpu").compile(pkg)) {
      FeatureEncoder encoder = new FeatureEncoder(pkg.config(), "probe");
      Object[] row = {25, "Private", 226802, "11th", 7, "Never-married", "Machine-op-inspct", "Own-child", "Black",
          "Male", 0, 0, 40, "United-States"};
      List<Class<?>> types = Arrays.stream(row).<Class<?>>map(Object::getClass).toList();
      return Double.toString(model.forward(encoder.encodeRows(new OneRow(row), types,
          FieldNames.of(pkg.config()), 0), Outputs.NONE).scores()[0]);
    }
  }

  /** One row of Integers and Strings. */
  private record OneRow(Object[] values) implements ValueRows {
    @Override
    public int size() {
      return 1;
    }

    @Override
    public boolean isNull(int row, int column) {
      return false;
    }

    @Override
    public long integer(int row, int column) {
      return (Integer) values[column];
    }

    @Override
    public double number(int row, int column) {
      throw new UnsupportedOperationException("the probe row has no floating-point values");
    }

    @Override
    public boolean bool(int row, int column) {
      throw new UnsupportedOperationException("the probe row has no booleans");
    }

    @Override
    public byte[] utf8(int row, int column) {
      return ((String) values[column]).getBytes(StandardCharsets.UTF_8);
    }
  }
}

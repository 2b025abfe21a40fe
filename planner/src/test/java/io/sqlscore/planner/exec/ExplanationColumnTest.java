package io.sqlscore.planner.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.arrow.ArrowLeakCheck;
import io.sqlscore.model.ModelKind;
import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.explain.CrossFeature;
import io.sqlscore.udf.explain.Explainer;
import io.sqlscore.udf.explain.RowExplanation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.DictionaryUtility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The EXPLAIN_PREDICT column assembled from several slices of a batch (as the scoring threads
 * produce them), for two batches in a row: every row's struct holds what the explainer says of
 * it, with the row's own values (NULL included) at the right places, and its field names as
 * indices into the column's dictionary of names.
 */
class ExplanationColumnTest {
  @RegisterExtension
  static final ArrowLeakCheck ARROW = new ArrowLeakCheck();

  private static final int FIELDS = 3;
  private static final int NEURONS = 2;
  private static final List<String> NAMES = List.of("city", "age", "hour");
  private static final ArmLayout LAYOUT = ArmLayout.neuronMajor(NEURONS, FIELDS);
  private static final long DICTIONARY = 7;

  /**
   * The column under test, the struct vector it writes (laid out as an Arrow reader sets it up
   * from the column's field), its dictionary of names and the three feature columns.
   */
  private record Columns(ExplanationColumn column, StructVector vector, FieldVector names, VarCharVector city,
      IntVector age, IntVector hour) implements AutoCloseable {
    static Columns open(Explainer explainer) {
      ExplanationColumn column = new ExplanationColumn("why", explainer, 2, NAMES);
      Map<Long, Dictionary> dictionaries = new HashMap<>();
      Field field = DictionaryUtility.toMemoryFormat(column.field(DICTIONARY), ARROW.allocator(), dictionaries);
      FieldVector names = dictionaries.get(DICTIONARY).getVector();
      column.fillDictionary(names);
      return new Columns(column, (StructVector) field.createVector(ARROW.allocator()), names,
          new VarCharVector("city", ARROW.allocator()), new IntVector("age", ARROW.allocator()),
          new IntVector("hour", ARROW.allocator()));
    }

    @Override
    public void close() {
      vector.close();
      names.close();
      city.close();
      age.close();
      hour.close();
    }
  }

  @Test
  void slicesOfTwoBatchesLandInRowOrder() {
    Explainer explainer = Explainer.forKind(ModelKind.ARMNET);
    try (Columns columns = Columns.open(explainer)) {
      ExplanationColumn column = columns.column();
      StructVector vector = columns.vector();
      VarCharVector city = columns.city();
      IntVector age = columns.age();
      IntVector hour = columns.hour();
      assertEquals(NAMES.toString(), columns.names().toString(), "field f is named at index f");
      for (int batch = 0; batch < 2; batch++) {
        int rows = 5 - batch;
        fill(city, age, hour, rows, batch);
        ForwardResult result = forward(rows, batch);
        List<FieldVector> features = List.of(city, age, hour);
        vector.clear();
        column.begin(rows, features);
        // Three slices, collected out of order as concurrent threads may.
        column.collect(slice(result, 3, rows), 3, 0, rows - 3);
        column.collect(slice(result, 0, 2), 0, 0, 2);
        column.collect(slice(result, 2, 3), 2, 0, 1);
        column.write(vector, result);
        assertEquals(rows, vector.getValueCount());
        for (int r = 0; r < rows; r++) {
          assertEquals(expected(explainer, result, r, features), vector.getObject(r).toString(), "batch " + batch + " row " + r);
        }
      }
    }
  }

  /** The struct of row {@code r} as Arrow prints it, built from the explainer's own explanation. */
  private static String expected(Explainer explainer, ForwardResult result, int r, List<FieldVector> features) {
    RowExplanation row = explainer.explain(result, r, 2);
    List<String> crosses = new ArrayList<>();
    for (CrossFeature cross : row.crosses()) {
      List<String> names = new ArrayList<>();
      List<String> values = new ArrayList<>();
      for (int f : cross.fields()) {
        names.add(String.valueOf(f));
        Object value = features.get(f).getObject(r);
        values.add(value == null ? "null" : "\"" + value + "\"");
      }
      crosses.add("{\"fields\":" + names.toString().replace(" ", "") + ",\"values\":"
          + values.toString().replace(" ", "") + ",\"order\":" + cross.order() + ",\"support_order\":"
          + cross.supportOrder() + ",\"weight\":" + cross.weight() + "}");
    }
    List<String> importance = new ArrayList<>();
    for (int f : row.byImportance()) {
      importance.add("{\"field\":" + f + ",\"weight\":" + row.importance()[f] + "}");
    }
    return "{\"score\":" + result.scores()[r] + ",\"crosses\":[" + String.join(",", crosses)
        + "],\"importance\":[" + String.join(",", importance) + "]}";
  }

  private static void fill(VarCharVector city, IntVector age, IntVector hour, int rows, int batch) {
    city.allocateNew();
    age.allocateNew();
    hour.allocateNew();
    for (int r = 0; r < rows; r++) {
      if (r == 1) {
        city.setNull(r);
      } else {
        city.setSafe(r, ("town" + batch + r).getBytes(StandardCharsets.UTF_8));
      }
      age.setSafe(r, 20 + r + 10 * batch);
      hour.setSafe(r, -r);
    }
    city.setValueCount(rows);
    age.setValueCount(rows);
    hour.setValueCount(rows);
  }

  /** Gates and weights that differ from row to row, some gates zero. */
  private static ForwardResult forward(int rows, int batch) {
    float[] gates = new float[rows * NEURONS * FIELDS];
    float[] weights = new float[gates.length];
    double[] scores = new double[rows];
    for (int i = 0; i < gates.length; i++) {
      gates[i] = (i + batch) % 4 == 0 ? 0f : 0.1f * (1 + (i * 7 + batch) % 5);
      weights[i] = gates[i] * (0.3f + (i % 3) * 0.2f);
    }
    for (int r = 0; r < rows; r++) {
      scores[r] = 0.1 * r + batch;
    }
    return new ForwardResult(rows, FIELDS, 1, NEURONS, 0, new double[rows], scores, gates, weights,
        LAYOUT, null, null);
  }

  /** Rows {@code [from, to)} of {@code result} as a forward pass of their own. */
  private static ForwardResult slice(ForwardResult result, int from, int to) {
    int per = NEURONS * FIELDS;
    return new ForwardResult(to - from, FIELDS, 1, NEURONS, 0, new double[to - from],
        Arrays.copyOfRange(result.scores(), from, to),
        Arrays.copyOfRange(result.gates(), from * per, to * per),
        Arrays.copyOfRange(result.interactionWeights(), from * per, to * per), LAYOUT, null, null);
  }
}

package io.sqlscore.train;

import io.sqlscore.model.FeatureSpec;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.NullPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The bundled UCI Adult CSVs (sql-examples/data/adult) encoded with a package config's
 * features as PACKAGE.md says (empty fields are NULL), with the {@code label} column as label.
 */
final class AdultCsv {
  private AdultCsv() {}

  /** The repository root (the surefire property, or the working directory's parent). */
  static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo", ".."));
  }

  static ModelConfig config(String model) {
    try {
      return ModelConfig.parse(Files.readAllBytes(repo().resolve("sql-examples/models/" + model + "/config.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InMemoryTrainingData read(String file, ModelConfig config) {
    try {
      List<String> lines = Files.readAllLines(repo().resolve("sql-examples/data/adult/" + file));
      List<String> header = Arrays.asList(lines.get(0).split(",", -1));
      int fields = config.nfield();
      int[] columns = new int[fields];
      for (int f = 0; f < fields; f++) {
        columns[f] = header.indexOf(config.features().get(f).name());
      }
      int labelColumn = header.indexOf("label");
      int rows = lines.size() - 1;
      int[] ids = new int[rows * fields];
      float[] values = new float[rows * fields];
      float[] labels = new float[rows];
      for (int r = 0; r < rows; r++) {
        String[] cells = lines.get(r + 1).split(",", -1);
        for (int f = 0; f < fields; f++) {
          FeatureSpec spec = config.features().get(f);
          String cell = cells[columns[f]];
          int at = r * fields + f;
          if (spec.encoding() == FeatureSpec.Encoding.VOCABULARY) {
            ids[at] = cell.isEmpty() ? spec.oovId() : spec.lookup(cell);
            values[at] = 1f;
          } else {
            ids[at] = spec.id();
            values[at] = cell.isEmpty()
                ? (float) spec.nullPolicy().defaultValue()
                : spec.scale(Double.parseDouble(cell));
            if (cell.isEmpty() && spec.nullPolicy().kind() != NullPolicy.Kind.DEFAULT) {
              throw new IllegalStateException("NULL in " + spec.name());
            }
          }
        }
        labels[r] = Float.parseFloat(cells[labelColumn]);
      }
      return new InMemoryTrainingData(fields, ids, values, labels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

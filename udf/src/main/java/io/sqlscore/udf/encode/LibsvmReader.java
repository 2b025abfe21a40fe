package io.sqlscore.udf.encode;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.udf.FeatureBatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the ARM-Net repository's libsvm input (MODELS.md section 1): one row per line,
 * {@code label id_0:value_0 … id_{F−1}:value_{F−1}}, the i-th pair being field i.
 *
 * <p>Unlike the official loader, which silently drops malformed lines, a line without exactly
 * F pairs is an error naming the line.
 */
public final class LibsvmReader {
  /** The rows of a file: the encoded batch and one label per row. */
  public static final class Rows {
    private final FeatureBatch batch;
    private final float[] labels;

    Rows(FeatureBatch batch, float[] labels) {
      this.batch = batch;
      this.labels = labels;
    }

    /** The (id, value) pairs, [rows, F]. */
    public FeatureBatch batch() {
      return batch;
    }

    /** The label of each row. */
    public float[] labels() {
      return labels;
    }
  }

  private LibsvmReader() {}

  /**
   * Reads every line of {@code file} as a row of {@code fields} fields.
   *
   * @throws SqlscoreException IO_ERROR when unreadable, BAD_FEATURE_VALUE naming the line when
   *     a line is malformed
   */
  public static Rows read(Path file, int fields) {
    int capacity = 1024;
    int[] ids = new int[capacity * fields];
    float[] values = new float[capacity * fields];
    float[] labels = new float[capacity];
    int rows = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (rows == capacity) {
          capacity *= 2;
          ids = Arrays.copyOf(ids, capacity * fields);
          values = Arrays.copyOf(values, capacity * fields);
          labels = Arrays.copyOf(labels, capacity);
        }
        String[] parts = line.trim().split(" ");
        if (parts.length != fields + 1) {
          throw bad(file, rows + 1, "has %d id:value pairs, expected %d", parts.length - 1, fields);
        }
        try {
          labels[rows] = Float.parseFloat(parts[0]);
          for (int f = 0; f < fields; f++) {
            String pair = parts[f + 1];
            int colon = pair.indexOf(':');
            if (colon < 0) {
              throw bad(file, rows + 1, "has '%s' where an id:value pair belongs", pair);
            }
            ids[rows * fields + f] = Integer.parseInt(pair.substring(0, colon));
            values[rows * fields + f] = Float.parseFloat(pair.substring(colon + 1));
          }
        } catch (NumberFormatException e) {
          throw bad(file, rows + 1, "has a malformed number (%s)", e.getMessage());
        }
        rows++;
      }
    } catch (NoSuchFileException e) {
      throw SqlscoreException.of(ErrorCode.IO_ERROR, "%s does not exist", file);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return new Rows(
        new FeatureBatch(rows, fields, Arrays.copyOf(ids, rows * fields), Arrays.copyOf(values, rows * fields)),
        Arrays.copyOf(labels, rows));
  }

  private static SqlscoreException bad(Path file, int line, String format, Object... args) {
    return SqlscoreException.of(
        ErrorCode.BAD_FEATURE_VALUE,
        "%s line %d %s",
        file,
        line,
        String.format(java.util.Locale.ROOT, format, args));
  }
}

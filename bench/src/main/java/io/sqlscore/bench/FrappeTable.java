package io.sqlscore.bench;

import java.nio.file.Path;
import java.util.Locale;

/** The Frappe rows as a DuckDB table, for the benchmarks and the GPU check's SQL comparisons. */
public final class FrappeTable {
  private static final String[] FIELDS = {"user", "item", "daytime", "weekday", "isweekend", "homework", "cost",
      "weather", "country", "city"};

  private FrappeTable() {}

  /**
   * SQL that creates {@code table} from a Frappe libsvm file (label, then 10 id:value pairs): the
   * label and one INTEGER column of feature ids per field, named as the Frappe models name them.
   */
  public static String sql(String table, Path libsvm) {
    StringBuilder select = new StringBuilder("CREATE TABLE " + table + " AS SELECT column00 AS label");
    for (int f = 0; f < FIELDS.length; f++) {
      select.append(String.format(Locale.ROOT, ", CAST(split_part(column%02d, ':', 1) AS INTEGER) AS \"%s\"",
          f + 1, FIELDS[f]));
    }
    return select.append(" FROM read_csv('").append(libsvm)
        .append("', delim = ' ', header = false, all_varchar = true)").toString();
  }
}

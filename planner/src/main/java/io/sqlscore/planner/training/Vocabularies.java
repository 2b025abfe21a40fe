package io.sqlscore.planner.training;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The values of the vocabulary features and how often each occurs in the training rows,
 * counted by DuckDB in one pass (one grouping set per feature), keeping values seen at least
 * {@code min_count} times. NULL is not a value: NULLs follow the feature's NULL policy.
 */
final class Vocabularies {
  private Vocabularies() {}

  /**
   * The vocabulary of each feature {@code f} with {@code vocabulary[f]} (values in sorted
   * order), empty maps for the others.
   */
  static List<TreeMap<String, Long>> count(TrainingSnapshot snapshot, TrainingQuery query, boolean[] vocabulary,
      long seed, double validation, int minCount) {
    List<TreeMap<String, Long>> result = new ArrayList<>();
    StringJoiner sets = new StringJoiner(", ");
    StringJoiner which = new StringJoiner(" ", "CASE ", " END");
    StringJoiner values = new StringJoiner(", ", "coalesce(", ")");
    for (int f = 0; f < vocabulary.length; f++) {
      result.add(new TreeMap<>());
      if (vocabulary[f]) {
        QueryColumn column = query.features().get(f);
        sets.add("(" + column.quoted() + ")");
        which.add("WHEN grouping(" + column.quoted() + ") = 0 THEN " + f);
        values.add("CAST(" + column.quoted() + " AS VARCHAR)");
      }
    }
    if (sets.length() == 0) {
      return result;
    }
    String sql = "SELECT " + which + ", " + values + ", count(*) FROM " + query.splitSource(seed, validation)
        + " WHERE NOT " + TrainingQuery.VALIDATION + " GROUP BY GROUPING SETS (" + sets + ") HAVING count(*) >= "
        + minCount;
    snapshot.rows(sql, rs -> {
      String value = rs.getString(2);
      if (value != null) {
        result.get(rs.getInt(1)).put(value, rs.getLong(3));
      }
    });
    return result;
  }
}

package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.Task;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code WITH (...)} options of {@code CREATE MODEL ... AS} that the SQL side reads (the
 * engine's {@code TrainOptions.extra()}): {@code label}, {@code task}, {@code alias},
 * {@code description}, {@code test}, {@code min_count}, {@code null_policy} and
 * {@code memory_budget}.
 *
 * @param label the label column as given, or null (then a column named {@code label})
 * @param task the task given, or null (inferred from the label)
 * @param alias an alias for the new version, or null
 * @param description the version's description, or null
 * @param testQuery a query whose rows are scored for test metrics, or null
 * @param minCount how often a value must occur in the training rows to get its own id
 * @param nullPolicies what NULLs become, per feature
 * @param memoryBudget bytes the encoded rows may take in memory, if given
 */
public record SqlTrainingOptions(String label, Task task, String alias, String description, String testQuery,
    int minCount, NullPolicies nullPolicies, OptionalLong memoryBudget) {
  /** The label column's name when none is given. */
  public static final String DEFAULT_LABEL = "label";

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?");

  /**
   * Reads the options from the engine's pass-through map.
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the option and its allowed values
   */
  public static SqlTrainingOptions from(Map<String, String> extra) {
    String task = extra.get("task");
    Task parsedTask = null;
    if (task != null) {
      parsedTask = Task.fromConfigName(task.trim().toLowerCase(Locale.ROOT)).orElseThrow(() ->
          SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
              "training option task must be 'binary' or 'regression', got '%s'", task));
    }
    String minCount = extra.get("min_count");
    String nullPolicy = extra.get("null_policy");
    String budget = extra.get("memory_budget");
    return new SqlTrainingOptions(
        extra.get("label"),
        parsedTask,
        extra.get("alias"),
        extra.get("description"),
        extra.get("test"),
        minCount == null ? 1 : minCount(minCount),
        nullPolicy == null ? NullPolicies.defaults() : NullPolicies.parse(nullPolicy),
        budget == null ? OptionalLong.empty() : OptionalLong.of(bytes("memory_budget", budget)));
  }

  /** The label column to look for. */
  public String labelOrDefault() {
    return label == null ? DEFAULT_LABEL : label;
  }

  private static int minCount(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
        "training option min_count must be a whole number of at least 1 (rows a value needs to get its own id), "
            + "got '%s'", text);
  }

  /**
   * A size in bytes: a number with an optional unit, {@code KB}, {@code MB}, {@code GB},
   * {@code TB} (powers of 1000) or {@code KiB} ... {@code TiB} (powers of 1024).
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming {@code what}
   */
  public static long bytes(String what, String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      String unit = m.group(2) == null ? "" : m.group(2);
      boolean scaled = unit.matches("[kmgt]i?b");
      if (unit.isEmpty() || unit.equals("b") || scaled) {
        int power = scaled ? "kmgt".indexOf(unit.charAt(0)) + 1 : 0;
        double value = Double.parseDouble(m.group(1)) * Math.pow(unit.contains("i") ? 1024 : 1000, power);
        if (value >= 1 && value < 9e18) {
          return (long) value;
        }
      }
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
        "%s must be a size such as 500MB, 2GiB or a number of bytes, got '%s'", what, text);
  }
}

package io.sqlscore.planner.training;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code null_policy} training option: what a NULL in each feature column becomes, for all
 * columns ({@code null_policy = 'error'}) or per column ({@code null_policy = 'age = 0, plan =
 * error'}; an entry without a column sets the policy of the columns not named).
 *
 * <p>Policies: {@code oov} (vocabulary features: NULL is the out-of-vocabulary id; their
 * default), {@code mean} (numeric features: NULL is the mean of the training rows; their
 * default), a number (numeric features: NULL is that value), {@code error} (NULL is an error
 * when scoring, and refused in the training rows).
 */
final class NullPolicies {
  /** One policy as given. */
  record Policy(String text) {
    boolean isError() {
      return text.equals("error");
    }

    boolean isOov() {
      return text.equals("oov");
    }

    boolean isMean() {
      return text.equals("mean");
    }

    /** The value of a numeric policy. */
    double value() {
      return Double.parseDouble(text);
    }
  }

  private final Policy fallback;
  private final Map<String, Policy> byColumn;

  private NullPolicies(Policy fallback, Map<String, Policy> byColumn) {
    this.fallback = fallback;
    this.byColumn = byColumn;
  }

  /** No policies given: every feature takes its default. */
  static NullPolicies defaults() {
    return new NullPolicies(null, Map.of());
  }

  /**
   * Parses the option's text.
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the entry that is not a policy
   */
  static NullPolicies parse(String text) {
    Policy fallback = null;
    Map<String, Policy> byColumn = new LinkedHashMap<>();
    for (String entry : text.split(",")) {
      String item = entry.trim();
      int eq = item.indexOf('=');
      Policy policy = policy(eq < 0 ? item : item.substring(eq + 1).trim(), entry);
      if (eq < 0) {
        fallback = policy;
      } else {
        String column = item.substring(0, eq).trim();
        if (column.startsWith("\"") && column.endsWith("\"") && column.length() > 1) {
          column = column.substring(1, column.length() - 1);
        }
        byColumn.put(column.toLowerCase(Locale.ROOT), policy);
      }
    }
    return new NullPolicies(fallback, byColumn);
  }

  private static Policy policy(String text, String entry) {
    String p = text.toLowerCase(Locale.ROOT);
    if (p.equals("error") || p.equals("oov") || p.equals("mean")) {
      return new Policy(p);
    }
    try {
      if (Double.isFinite(Double.parseDouble(p))) {
        return new Policy(p);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
        "null_policy entry '%s' is not a policy; write 'error', 'oov', 'mean' or a number, for all columns "
            + "('error') or per column ('age = 0, plan = error')", entry.trim());
  }

  /** The policy given for {@code column}, or null for its default. */
  Policy of(String column) {
    return byColumn.getOrDefault(column.toLowerCase(Locale.ROOT), fallback);
  }

  /** The columns named, lower-cased. */
  Iterable<String> columns() {
    return byColumn.keySet();
  }
}

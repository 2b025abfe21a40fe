package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of a server command: {@code --name value...} options (each with a fixed number
 * of values), {@code --flag}s, and the positional arguments left.
 */
final class CommandArgs {
  private final Map<String, List<String>> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * Parses {@code args}; {@code arity} gives the number of values of each option (0 for a flag).
   * An unknown option or a missing value is a user error.
   */
  CommandArgs(List<String> args, Map<String, Integer> arity) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      Integer n = arity.get(arg);
      if (n == null) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "unknown option %s; the options are %s", arg,
            String.join(" ", new java.util.TreeSet<>(arity.keySet())));
      }
      if (i + n >= args.size()) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s needs %d value%s", arg, n, n == 1 ? "" : "s");
      }
      options.put(arg, new ArrayList<>(args.subList(i + 1, i + 1 + n)));
      i += n;
    }
  }

  /** The positional arguments. */
  List<String> positional() {
    return positional;
  }

  /** Whether {@code flag} was given. */
  boolean has(String flag) {
    return options.containsKey(flag);
  }

  /** The value of a one-value option, or {@code fallback}. */
  String value(String option, String fallback) {
    List<String> values = options.get(option);
    return values == null ? fallback : values.get(0);
  }

  /** The values of an option, or null if not given. */
  List<String> values(String option) {
    return options.get(option);
  }

  /** The value of an integer option, or {@code fallback}; a non-integer is a user error. */
  int integer(String option, int fallback, int min) {
    String text = value(option, null);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s must be an integer of at least %d, not '%s'",
        option, min, text);
  }

  /** Fails unless exactly {@code n} positional arguments were given; {@code what} names them. */
  void requirePositional(int n, String what) {
    if (positional.size() != n) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "expected %s, got %s", what,
          positional.isEmpty() ? "nothing" : String.join(" ", positional));
    }
  }
}

package io.sqlscore.error;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The arguments of a command-line tool: {@code --name value...} options (each with a fixed number
 * of values), {@code --flag}s, and the positional arguments left. Every mistake in them (an
 * unknown option, a missing value, a number that is not one or out of range) is a
 * {@link SqlscoreException} with {@link ErrorCode#INVALID_ARGUMENT} whose message names the
 * option, so that a tool can print it as its one line.
 */
public final class CommandArgs {
  private final Map<String, List<String>> options = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  /**
   * Parses {@code args}; {@code arity} gives the number of values of each option (0 for a flag).
   * An unknown option or a missing value is a user error.
   */
  public CommandArgs(List<String> args, Map<String, Integer> arity) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      Integer n = arity.get(arg);
      if (n == null) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "unknown option %s; %s", arg, arity.isEmpty()
            ? "this command takes no options" : "the options are " + String.join(" ", new TreeSet<>(arity.keySet())));
      }
      if (i + n >= args.size()) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s needs %d value%s", arg, n, n == 1 ? "" : "s");
      }
      options.put(arg, new ArrayList<>(args.subList(i + 1, i + 1 + n)));
      i += n;
    }
  }

  /** The positional arguments. */
  public List<String> positional() {
    return positional;
  }

  /** Whether {@code flag} was given. */
  public boolean has(String flag) {
    return options.containsKey(flag);
  }

  /** The value of a one-value option, or {@code fallback}. */
  public String value(String option, String fallback) {
    List<String> values = options.get(option);
    return values == null ? fallback : values.get(0);
  }

  /** The values of an option, or null if not given. */
  public List<String> values(String option) {
    return options.get(option);
  }

  /** The value of an integer option, or {@code fallback}; a non-integer or one below {@code min} is a user error. */
  public int integer(String option, int fallback, int min) {
    return integer(option, fallback, min, Integer.MAX_VALUE);
  }

  /** The value of an integer option, or {@code fallback}; a non-integer or one outside {@code [min, max]} is a user error. */
  public int integer(String option, int fallback, int min, int max) {
    String text = value(option, null);
    return text == null ? fallback : (int) whole(option, text, min, max);
  }

  /** The value of a long integer option, or {@code fallback}; a non-integer or one below {@code min} is a user error. */
  public long longInteger(String option, long fallback, long min) {
    String text = value(option, null);
    return text == null ? fallback : whole(option, text, min, Long.MAX_VALUE);
  }

  /**
   * The comma-separated integers of an option ({@code 1000000,10_000_000}), or
   * {@code fallback}; one that is not a number or is below {@code min} is a user error.
   */
  public List<Long> integers(String option, List<Long> fallback, long min) {
    String text = value(option, null);
    if (text == null) {
      return fallback;
    }
    List<Long> numbers = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      numbers.add(whole(option, part, min, Long.MAX_VALUE));
    }
    return numbers;
  }

  /** The comma-separated decimal numbers of an option, or {@code fallback}; each must exceed 0. */
  public double[] positiveDecimals(String option, double[] fallback) {
    String text = value(option, null);
    if (text == null) {
      return fallback;
    }
    String[] parts = text.split(",", -1);
    double[] numbers = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        numbers[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        numbers[i] = Double.NaN;
      }
      if (!(numbers[i] > 0) || Double.isInfinite(numbers[i])) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s takes numbers above 0, not '%s'", option, text);
      }
    }
    return numbers;
  }

  /** Fails unless exactly {@code n} positional arguments were given; {@code what} names them. */
  public void requirePositional(int n, String what) {
    if (positional.size() != n) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "expected %s, got %s", what,
          positional.isEmpty() ? "nothing" : String.join(" ", positional));
    }
  }

  private static long whole(String option, String text, long min, long max) {
    try {
      long value = Long.parseLong(text.trim().replace("_", ""));
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "%s must be %s, not '%s'", option,
        max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "an integer of at least " + min
            : "an integer from " + min + " to " + max, text);
  }
}

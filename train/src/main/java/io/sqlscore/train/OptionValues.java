package io.sqlscore.train;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;

/** Parsing of option values given as text, with messages that name the key and the range. */
final class OptionValues {
  private OptionValues() {}

  /**
   * {@code text} as an integer in {@code [min, max]}.
   *
   * @param what what the key is, e.g. {@code training option}
   * @throws SqlscoreException INVALID_ARGUMENT naming the key and the range
   */
  static int integer(String what, String key, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT, "%s %s must be an integer from %d to %d, got '%s'", what, key, min, max, text);
  }
}

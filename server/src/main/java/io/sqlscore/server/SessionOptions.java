package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.Settings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueVisitor;

/**
 * The session options clients may set through Flight's {@code SetSessionOptions}: the sqlscore
 * settings ({@code batch_size}, {@code scoring_threads}, {@code device}, also settable with SQL
 * {@code SET}) and {@code statement_timeout} in seconds (0: none).
 */
final class SessionOptions {
  /** The name of the statement timeout option. */
  static final String STATEMENT_TIMEOUT = "statement_timeout";

  private SessionOptions() {}

  /** Sets option {@code name} of {@code session} to {@code value}. */
  static void set(ClientSession session, String name, String value) {
    if (name.equalsIgnoreCase(STATEMENT_TIMEOUT)) {
      int seconds;
      try {
        seconds = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        seconds = -1;
      }
      if (seconds < 0) {
        throw SqlscoreException.of(ErrorCode.INVALID_SETTING,
            "statement_timeout must be a number of seconds (0 for none), not '%s'", value);
      }
      session.setStatementTimeoutSeconds(seconds);
      return;
    }
    session.work(planner -> {
      planner.settings().set(name, value);
      return null;
    });
  }

  /** The options of {@code session} with their values. */
  static Map<String, String> values(ClientSession session) {
    Map<String, String> settings = session.work(planner -> planner.settings().asMap());
    Map<String, String> values = new TreeMap<>(settings);
    values.put(STATEMENT_TIMEOUT, Integer.toString(session.statementTimeoutSeconds()));
    return values;
  }

  /** A scalar option value as text. */
  static String text(SessionOptionValue value) {
    return value.acceptVisitor(new SessionOptionValueVisitor<String>() {
      @Override
      public String visit(String v) {
        return v;
      }

      @Override
      public String visit(boolean v) {
        return Boolean.toString(v);
      }

      @Override
      public String visit(long v) {
        return Long.toString(v);
      }

      @Override
      public String visit(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
      }

      @Override
      public String visit(String[] v) {
        throw new SqlscoreException(ErrorCode.INVALID_SETTING, "session options take one value, not a list");
      }

      @Override
      public String visit(Void v) {
        throw new SqlscoreException(ErrorCode.INVALID_SETTING, "session options need a value");
      }
    });
  }

  /** Whether {@code name} is an option. */
  static boolean known(String name) {
    return name.toLowerCase(Locale.ROOT).equals(STATEMENT_TIMEOUT) || Settings.isSetting(name);
  }
}

package io.sqlscore.server.auth;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.Locale;

/** What a user may do on the server. */
public enum Role {
  /** Runs queries, PREDICT, EXPLAIN_PREDICT, EXPLAIN PLAN, SHOW MODELS and DESCRIBE MODEL. */
  READER,
  /** Also changes data, tables and models. */
  ADMIN;

  /** The role's name as written in the users file and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named {@code text} ({@code reader} or {@code admin}, any case). */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.label().equalsIgnoreCase(text.trim())) {
        return role;
      }
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "unknown role '%s'; the roles are reader and admin", text);
  }
}

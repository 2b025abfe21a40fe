package io.sqlscore.error;

import java.util.Objects;

/**
 * The single exception type sqlscore throws for user-facing errors.
 *
 * <p>It carries an {@link ErrorCode} (and through it a SQLSTATE) and a message that names the
 * object involved (model, version, column, row) and says what to do. It is unchecked so that
 * it can cross planner callbacks, kernels and lambdas; the JDBC driver turns it into a
 * {@link java.sql.SQLException} whose SQLSTATE, vendor code and message come from it and whose
 * cause is this exception.
 */
public final class SqlscoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  /** Creates an exception with the given code and message. */
  public SqlscoreException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** Creates an exception with the given code, message and cause. */
  public SqlscoreException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** Shorthand for a formatted message: {@code SqlscoreException.of(code, "model '%s'", m)}. */
  public static SqlscoreException of(ErrorCode code, String format, Object... args) {
    return new SqlscoreException(code, String.format(java.util.Locale.ROOT, format, args));
  }

  /** The error classification. */
  public ErrorCode code() {
    return code;
  }

  /** The SQLSTATE of the error code. */
  public String sqlState() {
    return code.sqlState();
  }

  /** The message as shown to users: the code name, a colon, then the message. */
  @Override
  public String getMessage() {
    return code.name() + ": " + super.getMessage();
  }

  /** The message without the code prefix. */
  public String detail() {
    return super.getMessage();
  }
}

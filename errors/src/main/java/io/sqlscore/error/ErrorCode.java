package io.sqlscore.error;

/**
 * Every kind of error sqlscore reports, with the SQLSTATE that JDBC clients see.
 *
 * <p>The SQLSTATE classes follow the SQL standard and PostgreSQL's conventions so that
 * BI tools classify errors correctly: 42xxx for errors in the statement, 22xxx for bad
 * data, 57014 for cancelled queries, and so on.
 */
public enum ErrorCode {
  /** The statement does not parse. */
  SYNTAX_ERROR("42601"),
  /** A table or view named in the statement does not exist. */
  UNDEFINED_TABLE("42P01"),
  /** A column named in the statement does not exist. */
  UNDEFINED_COLUMN("42703"),
  /** A column name matches more than one column in scope. */
  AMBIGUOUS_COLUMN("42702"),
  /** A function named in the statement does not exist or takes other arguments. */
  UNDEFINED_FUNCTION("42883"),
  /** Any other semantic error found while validating a statement. */
  INVALID_STATEMENT("42000"),
  /** An expression has a type the context cannot use. */
  TYPE_MISMATCH("42804"),
  /** A statement parameter was not set before execution. */
  PARAMETER_NOT_SET("07001"),
  /** A statement parameter has a value of the wrong type. */
  PARAMETER_TYPE_MISMATCH("22018"),
  /** An argument has a value outside of what the function accepts. */
  INVALID_ARGUMENT("22023"),
  /** A SET statement or connection property names an unknown setting or a bad value. */
  INVALID_SETTING("22023"),
  /** The named model does not exist in the registry. */
  MODEL_NOT_FOUND("42704"),
  /** The model exists but has no such version. */
  VERSION_NOT_FOUND("42704"),
  /** The model exists but has no such alias. */
  ALIAS_NOT_FOUND("42704"),
  /** An object of that name already exists. */
  DUPLICATE_OBJECT("42710"),
  /** The same package (same sha256) is already a version of the model. */
  DUPLICATE_PACKAGE("42710"),
  /** The object is still referenced (e.g. a version an alias points to). */
  OBJECT_IN_USE("2BP01"),
  /** PREDICT arguments do not bind to the model's features. */
  FEATURE_MISMATCH("42P13"),
  /** A row holds a feature value the model cannot encode (NULL, NaN, out of range). */
  BAD_FEATURE_VALUE("22000"),
  /** A model package is unreadable, inconsistent or does not match its config. */
  CORRUPT_MODEL_PACKAGE("XX001"),
  /** A model package path does not exist. */
  MODEL_PACKAGE_NOT_FOUND("58P01"),
  /** The GPU device was requested but cannot be used. */
  GPU_UNAVAILABLE("55000"),
  /** The query was cancelled by {@code Statement.cancel()}. */
  QUERY_CANCELED("57014"),
  /** The query ran past its timeout. */
  QUERY_TIMEOUT("57014"),
  /** The statement is not allowed in the current transaction state. */
  TRANSACTION_STATE("25000"),
  /** The database refuses the statement (for example a read-only database). */
  PERMISSION_DENIED("42501"),
  /** Two transactions wrote the same rows; retry the statement. */
  TRANSACTION_CONFLICT("40001"),
  /** A constraint of the database was violated. */
  CONSTRAINT_VIOLATION("23000"),
  /** Numeric overflow or another arithmetic failure. */
  NUMERIC_OUT_OF_RANGE("22003"),
  /** A value could not be converted to the needed type. */
  CONVERSION_ERROR("22018"),
  /** The connection or statement is closed. */
  CONNECTION_CLOSED("08003"),
  /** The database could not be opened or reached. */
  CONNECTION_FAILURE("08001"),
  /** Memory ran out while running the statement. */
  OUT_OF_MEMORY("53200"),
  /** An I/O error while reading or writing files. */
  IO_ERROR("58030"),
  /** The feature exists in SQL but sqlscore does not support it. */
  NOT_SUPPORTED("0A000"),
  /** An error reported by DuckDB that fits no other code. */
  DATABASE_ERROR("HY000"),
  /** A bug in sqlscore. */
  INTERNAL_ERROR("XX000"),
  /**
   * The JVM lacks an option sqlscore needs ({@code --add-modules=jdk.incubator.vector} or
   * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}); the message names it and where to put it.
   */
  JVM_OPTION_MISSING("55V01");

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  /** The five-character SQLSTATE reported to JDBC clients. */
  public String sqlState() {
    return sqlState;
  }

  /** The vendor code reported by {@code SQLException.getErrorCode()}: 1000 + ordinal. */
  public int vendorCode() {
    return 1000 + ordinal();
  }
}

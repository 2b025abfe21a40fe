package io.sqlscore.arrow;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Opens DuckDB connections. DuckDB's JDBC driver shares one database instance between all
 * connections to the same file in a process; {@link DuckDBConnection#duplicate()} gives more
 * connections to the same instance (in-memory databases included).
 */
public final class DuckDbConnections {
  /** The location that means an in-memory database. */
  public static final String MEMORY = ":memory:";

  private DuckDbConnections() {}

  /**
   * Opens a connection to the DuckDB database at {@code location}: a file path, {@code :memory:}
   * for a new private in-memory database, or {@code :memory:name} for an in-memory database
   * shared by name within the process.
   */
  public static DuckDBConnection open(String location, Properties duckdbProperties) {
    String url = "jdbc:duckdb:" + (MEMORY.equals(location) ? "" : location);
    try {
      return (DuckDBConnection) DriverManager.getConnection(url, duckdbProperties);
    } catch (SQLException e) {
      SqlscoreException translated = DuckDbErrors.translate(e);
      throw new SqlscoreException(
          ErrorCode.CONNECTION_FAILURE,
          "cannot open DuckDB database '" + location + "': " + translated.detail()
              + ". Check the path and that no other process holds the file open for writing.",
          e);
    }
  }

  /** Another connection to the same database instance. */
  public static DuckDBConnection duplicate(DuckDBConnection connection) {
    try {
      return connection.duplicate();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }
}

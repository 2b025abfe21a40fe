package io.sqlscore.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The sqlscore JDBC driver. URLs: {@code jdbc:sqlscore:<path to a DuckDB file>} and
 * {@code jdbc:sqlscore::memory:}. Properties {@code batch_size}, {@code scoring_threads} and
 * {@code device} configure scoring; other properties are passed to DuckDB.
 */
public final class SqlscoreDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:sqlscore:";

  static {
    try {
      DriverManager.registerDriver(new SqlscoreDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String location = url.substring(PREFIX.length());
    if (location.isEmpty()) {
      location = ":memory:";
    }
    try {
      return new SqlscoreConnection(url, location, info == null ? new Properties() : info);
    } catch (Throwable e) {
      throw JdbcErrors.toSql(e);
    }
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    DriverPropertyInfo batch = new DriverPropertyInfo("batch_size", "4096");
    batch.description = "rows per Arrow batch scored at once";
    DriverPropertyInfo threads = new DriverPropertyInfo("scoring_threads",
        Integer.toString(Runtime.getRuntime().availableProcessors()));
    threads.description = "threads that score one batch";
    DriverPropertyInfo device = new DriverPropertyInfo("device", "auto");
    device.description = "auto, cpu or gpu";
    device.choices = new String[] {"auto", "cpu", "gpu"};
    return new DriverPropertyInfo[] {batch, threads, device};
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw JdbcErrors.unsupported("getParentLogger");
  }
}

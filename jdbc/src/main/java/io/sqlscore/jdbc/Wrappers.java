package io.sqlscore.jdbc;

import io.sqlscore.planner.engine.QueryContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dynamic proxies that present DuckDB's result sets and database metadata as objects of the
 * sqlscore connection: they report the sqlscore statement and connection as their owners,
 * translate errors, honour {@code maxRows}, and release a statement's resources on close.
 */
final class Wrappers {
  private Wrappers() {}

  /**
   * Wraps a DuckDB result set. {@code resources} are closed after the result set; errors raised
   * while reading rows are translated through {@code query}.
   */
  static ResultSet resultSet(
      ResultSet rows, Statement owner, AutoCloseable resources, QueryContext query, long maxRows) {
    AtomicBoolean closed = new AtomicBoolean();
    long[] read = {0};
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "close":
          if (closed.compareAndSet(false, true)) {
            try {
              rows.close();
            } finally {
              closeResources(resources);
            }
          }
          return null;
        case "isClosed":
          return closed.get() || rows.isClosed();
        case "getStatement":
          return owner;
        case "unwrap":
          return ((Class<?>) args[0]).isInstance(proxy) ? proxy : rows.unwrap((Class<?>) args[0]);
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(proxy) || rows.isWrapperFor((Class<?>) args[0]);
        case "next":
          if (closed.get()) {
            throw JdbcErrors.closed("result set");
          }
          if (maxRows > 0 && read[0] >= maxRows) {
            return false;
          }
          boolean more = (Boolean) invoke(rows, method, args, query);
          if (more) {
            read[0]++;
          }
          return more;
        default:
          if (closed.get() && method.getDeclaringClass() == ResultSet.class) {
            throw JdbcErrors.closed("result set");
          }
          return invoke(rows, method, args, query);
      }
    };
    return (ResultSet) Proxy.newProxyInstance(
        Wrappers.class.getClassLoader(), new Class<?>[] {ResultSet.class}, handler);
  }

  /** Wraps DuckDB's database metadata so that it names the sqlscore driver and connection. */
  static DatabaseMetaData metaData(DatabaseMetaData duck, Connection owner, String url) {
    InvocationHandler handler = (proxy, method, args) -> {
      switch (method.getName()) {
        case "getConnection":
          return owner;
        case "getURL":
          return url;
        case "getDriverName":
          return "sqlscore";
        case "getDriverVersion":
          return "0.1.0";
        case "getDriverMajorVersion":
          return 0;
        case "getDriverMinorVersion":
          return 1;
        case "unwrap":
          return ((Class<?>) args[0]).isInstance(proxy) ? proxy : duck.unwrap((Class<?>) args[0]);
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(proxy) || duck.isWrapperFor((Class<?>) args[0]);
        default:
          return invoke(duck, method, args, new QueryContext());
      }
    };
    return (DatabaseMetaData) Proxy.newProxyInstance(
        Wrappers.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] args, QueryContext query)
      throws SQLException {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException) {
        throw JdbcErrors.toSql(query.translate((SQLException) cause));
      }
      throw JdbcErrors.toSql(cause);
    } catch (IllegalAccessException e) {
      throw JdbcErrors.toSql(e);
    }
  }

  private static void closeResources(AutoCloseable resources) throws SQLException {
    try {
      resources.close();
    } catch (Throwable e) {
      throw JdbcErrors.toSql(e);
    }
  }
}

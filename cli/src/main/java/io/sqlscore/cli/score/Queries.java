package io.sqlscore.cli.score;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.SqlscoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small helpers that run job-bookkeeping SQL on DuckDB and turn its errors into sqlscore's. */
final class Queries {
  private Queries() {}

  /** Runs {@code sql} for its effect. */
  static void execute(Connection connection, String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The rows of {@code sql}, each as its column values. */
  static List<Object[]> rows(Connection connection, String sql) {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] row = new Object[columns];
        for (int c = 0; c < columns; c++) {
          row[c] = rs.getObject(c + 1);
        }
        rows.add(row);
      }
      return rows;
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /**
   * The rows of {@code sql}, which applies the {@code --where} condition {@code where} (null for
   * none): a failure says that it is the condition that cannot be applied, not the job's query.
   */
  static List<Object[]> rowsWhere(Connection connection, String sql, String where) {
    try {
      return rows(connection, sql);
    } catch (SqlscoreException e) {
      if (where == null) {
        throw e;
      }
      throw SqlscoreException.of(e.code(), "the --where condition '%s' cannot be applied to the input: %s; "
          + "write it in DuckDB SQL over the input's columns", where, e.detail());
    }
  }

  /** The one number {@code sql} returns (0 for NULL). */
  static long number(Connection connection, String sql) {
    Object value = rows(connection, sql).get(0)[0];
    return value == null ? 0 : ((Number) value).longValue();
  }
}

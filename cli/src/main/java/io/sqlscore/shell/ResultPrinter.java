package io.sqlscore.shell;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a result set as an aligned text table: numbers right-aligned, NULL spelled out, at most
 * a given number of rows shown (the total row count is always reported).
 */
public final class ResultPrinter {
  private final PrintStream out;
  private final int maxRows;

  /** Prints to {@code out}, showing at most {@code maxRows} rows. */
  public ResultPrinter(PrintStream out, int maxRows) {
    this.out = out;
    this.maxRows = maxRows;
  }

  /** Prints the rows and returns how many the result set had. */
  public long print(ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int columns = meta.getColumnCount();
    String[] header = new String[columns];
    boolean[] numeric = new boolean[columns];
    int[] width = new int[columns];
    for (int c = 0; c < columns; c++) {
      header[c] = meta.getColumnLabel(c + 1);
      numeric[c] = isNumeric(meta.getColumnType(c + 1));
      width[c] = header[c].length();
    }
    List<String[]> rows = new ArrayList<>();
    long count = 0;
    while (rs.next()) {
      count++;
      if (rows.size() < maxRows) {
        String[] row = new String[columns];
        for (int c = 0; c < columns; c++) {
          Object value = rs.getObject(c + 1);
          row[c] = value == null ? "NULL" : render(value);
          width[c] = Math.max(width[c], row[c].length());
        }
        rows.add(row);
      }
    }
    String rule = rule(width);
    out.println(rule);
    out.println(line(header, width, new boolean[columns]));
    out.println(rule);
    for (String[] row : rows) {
      out.println(line(row, width, numeric));
    }
    out.println(rule);
    if (count > rows.size()) {
      out.printf("(%d rows, %d shown)%n", count, rows.size());
    } else {
      out.printf("(%d row%s)%n", count, count == 1 ? "" : "s");
    }
    return count;
  }

  private static String render(Object value) {
    if (value instanceof java.sql.Array) {
      try {
        return java.util.Arrays.deepToString((Object[]) ((java.sql.Array) value).getArray());
      } catch (SQLException e) {
        return value.toString();
      }
    }
    return value.toString().replace('\n', ' ');
  }

  private static boolean isNumeric(int type) {
    switch (type) {
      case Types.TINYINT:
      case Types.SMALLINT:
      case Types.INTEGER:
      case Types.BIGINT:
      case Types.FLOAT:
      case Types.REAL:
      case Types.DOUBLE:
      case Types.DECIMAL:
      case Types.NUMERIC:
        return true;
      default:
        return false;
    }
  }

  private static String rule(int[] width) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : width) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.toString();
  }

  private static String line(String[] cells, int[] width, boolean[] rightAlign) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < cells.length; c++) {
      String pad = " ".repeat(width[c] - cells[c].length());
      sb.append(' ').append(rightAlign[c] ? pad + cells[c] : cells[c] + pad).append(" |");
    }
    return sb.toString();
  }
}

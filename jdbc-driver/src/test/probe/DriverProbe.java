import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run by ShadedDriverIT as a single source file in a fresh JVM whose class path is only the
 * driver jar: what a JDBC tool does. {@code score REPO DB} imports a model and scores through
 * DriverManager; {@code connect} only connects. It prints what it saw; a raw Throwable other than
 * an SQLException escaping the driver exits with 3.
 */
public class DriverProbe {
  public static void main(String[] args) {
    try {
      if (args[0].equals("score")) {
        score(args[1], args[2]);
      } else {
        try (Connection c = DriverManager.getConnection("jdbc:sqlscore::memory:")) {
          System.out.println("connected");
        }
      }
    } catch (SQLException e) {
      System.out.println("SQLException sqlstate=" + e.getSQLState() + " code=" + e.getErrorCode() + " message="
          + e.getMessage());
      System.exit(2);
    } catch (Throwable t) {
      System.out.println("RAW " + t);
      t.printStackTrace(System.out);
      System.exit(3);
    }
  }

  private static void score(String repo, String db) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE adult AS SELECT * FROM read_csv('" + repo
          + "/sql-examples/data/adult/adult_test.csv', header = true, nullstr = '') WHERE id < 2000");
      try (ResultSet rs = s.executeQuery("CREATE MODEL income FROM '" + repo + "/sql-examples/models/adult-autoint_plus'")) {
        rs.next();
        System.out.println("created " + rs.getString("model") + "@" + rs.getLong("version"));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*), avg(PREDICT('income')) FROM adult")) {
        rs.next();
        System.out.println("predicted " + rs.getLong(1) + " rows, average " + rs.getDouble(2));
      }
      try (ResultSet rs = s.executeQuery(
          "SELECT EXPLAIN_PREDICT('income', 2).importance[1].field AS top FROM adult WHERE id = 7")) {
        rs.next();
        System.out.println("explained: top field " + rs.getString(1));
      }
    }
    String[] clashing = {"com.fasterxml.jackson.databind.ObjectMapper", "com.google.common.collect.ImmutableList",
        "org.apache.commons.lang3.StringUtils", "io.netty.buffer.ByteBuf"};
    for (String name : clashing) {
      try {
        Class.forName(name);
        System.out.println("visible " + name);
      } catch (ClassNotFoundException e) {
        System.out.println("relocated " + name);
      }
    }
  }
}

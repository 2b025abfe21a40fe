package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The CREATE MODEL option {@code binding = 'positional'}: PREDICT binds column arguments to
 * features by position whatever the columns are called, where the default ({@code 'name'})
 * refuses a column whose name is not the feature's.
 */
class PositionalBindingTest {
  private static final String RENAMED = "SELECT avg(PREDICT('%s', c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, "
      + "c13, c14)) FROM renamed";

  @Test
  void positionalModelsBindColumnsOfOtherNamesByPosition() throws SQLException {
    Path pkg = AdultDatabase.repo().resolve("sql-examples/models/adult-armnet_plus");
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore::memory:"); Statement s = c.createStatement()) {
      AdultDatabase.load(c);
      s.execute("CREATE MODEL bypos FROM '" + pkg + "' WITH (binding = 'positional')");
      s.execute("CREATE TABLE renamed AS SELECT age AS c1, workclass AS c2, fnlwgt AS c3, education AS c4, "
          + "education_num AS c5, marital_status AS c6, occupation AS c7, relationship AS c8, race AS c9, sex AS c10, "
          + "capital_gain AS c11, capital_loss AS c12, hours_per_week AS c13, native_country AS c14 FROM adult_test");
      double byName = single(s, "SELECT avg(PREDICT('adult')) FROM adult_test");
      assertEquals(byName, single(s, String.format(RENAMED, "bypos")), 1e-12, "same model, same rows, same scores");
      try (ResultSet rs = s.executeQuery("DESCRIBE MODEL bypos")) {
        boolean found = false;
        while (rs.next()) {
          found |= rs.getString("name").equals("binding") && rs.getString("value").equals("positional");
        }
        assertTrue(found, "DESCRIBE MODEL shows the binding");
      }
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(String.format(RENAMED, "adult")));
      assertEquals("42P13", e.getSQLState());
      assertTrue(e.getMessage().contains("argument 1 of PREDICT('adult@1', ...) is column 'c1' but feature 1")
          && e.getMessage().contains("binding = 'positional'"), e.getMessage());
      SQLException bad = assertThrows(SQLException.class,
          () -> s.execute("CREATE MODEL other FROM '" + pkg + "' WITH (binding = 'order')"));
      assertTrue(bad.getMessage().contains("binding must be 'name' or 'positional', not 'order'"), bad.getMessage());
    }
  }

  private static double single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}

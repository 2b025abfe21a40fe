package io.sqlscore.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Loads the bundled UCI Adult data and models into a sqlscore connection for tests. */
final class AdultDatabase {
  private AdultDatabase() {}

  /** The repository root. */
  static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo", "..")).toAbsolutePath().normalize();
  }

  /** Creates table {@code adult_test} and models {@code adult} (ARM-Net+) and {@code income} (AutoInt+). */
  static void load(Connection connection) throws SQLException {
    Path examples = repo().resolve("sql-examples");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE adult_test AS SELECT * FROM read_csv('"
          + examples.resolve("data/adult/adult_test.csv") + "', header = true, nullstr = '')");
      s.execute("CREATE MODEL adult FROM '" + examples.resolve("models/adult-armnet_plus") + "'");
      s.execute("CREATE MODEL income FROM '" + examples.resolve("models/adult-autoint_plus") + "'");
    }
  }

  /**
   * Creates view {@code name} with the Adult test rows repeated {@code times} times (ids made
   * unique); a view, so that large inputs cost no storage.
   */
  static void repeat(Connection connection, String name, int times) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE VIEW " + name + " AS SELECT * REPLACE (id + r * 100000 AS id) "
          + "FROM adult_test, range(" + times + ") t(r)");
    }
  }
}

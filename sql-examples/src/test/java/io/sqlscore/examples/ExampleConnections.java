package io.sqlscore.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import net.hydromatic.quidem.Quidem;

/**
 * The connections golden scripts can {@code !use}: {@code memory}, an empty in-memory database;
 * {@code adult}, an in-memory database with the bundled UCI Adult tables {@code adult_train}
 * and {@code adult_test}; both start with the harness's device setting, if any. Values are
 * normalized by {@link NormalizedValues}. Scripts run with
 * {@code sql-examples/} as working directory, so package paths are relative to it.
 */
final class ExampleConnections implements Quidem.ConnectionFactory {
  private final Path examplesHome;
  private final Properties settings = new Properties();

  /** Connections under {@code examplesHome}, starting with the given device setting unless it is empty. */
  ExampleConnections(Path examplesHome, String device) {
    this.examplesHome = examplesHome;
    if (!device.isEmpty()) {
      settings.setProperty("device", device);
    }
  }

  @Override
  public Connection connect(String name, boolean reference) throws SQLException {
    if (reference) {
      return null;
    }
    switch (name) {
      case "memory":
        return NormalizedValues.wrap(DriverManager.getConnection("jdbc:sqlscore::memory:", settings),
            examplesHome.getParent());
      case "adult":
        Connection connection = DriverManager.getConnection("jdbc:sqlscore::memory:", settings);
        try (Statement statement = connection.createStatement()) {
          for (String table : new String[] {"adult_train", "adult_test"}) {
            Path csv = examplesHome.resolve("data/adult/" + table + ".csv");
            statement.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv('" + csv
                + "', header = true, nullstr = '')");
          }
        }
        return NormalizedValues.wrap(connection, examplesHome.getParent());
      default:
        return null;
    }
  }
}

package io.sqlscore.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Child process of {@link RegistryKillTest}: imports package variants into a database file one
 * after another, printing {@code imported <version>} after each committed import, until killed.
 */
public final class ImportLoop {
  private ImportLoop() {}

  /** Arguments: the database file, a scratch directory for package variants. */
  public static void main(String[] args) throws Exception {
    Path scratch = Path.of(args[1]);
    try (Connection connection = DriverManager.getConnection("jdbc:sqlscore:" + args[0]);
        Statement s = connection.createStatement()) {
      for (int i = 0; ; i++) {
        Path pkg = PackageVariants.variant(PackageVariants.adultAutoInt(), scratch, ProcessHandle.current().pid() + "-" + i);
        try (ResultSet rs = s.executeQuery("CREATE MODEL victim FROM '" + pkg + "'")) {
          rs.next();
          System.out.println("imported " + rs.getLong("version"));
          System.out.flush();
        }
      }
    }
  }
}

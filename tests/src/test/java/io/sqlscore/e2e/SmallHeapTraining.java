package io.sqlscore.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run in a child JVM with a small heap by {@link StreamedTrainingHeapTest}: trains one epoch of
 * a tiny ARM-Net on table {@code big} of the database in {@code args[0]} and prints the run's
 * detail, the heap's limit and the bytes the encoded rows would take in memory.
 */
public final class SmallHeapTraining {
  private SmallHeapTraining() {}

  /** Exits 0 when training succeeded, 1 on an SQL error. */
  public static void main(String[] args) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlscore:" + args[0]);
        Statement s = c.createStatement()) {
      s.execute("CREATE MODEL big USING armnet (nemb = 2, nhead = 1, nhid = 2, mlp_nlayer = 1, mlp_nhid = 8)"
          + " AS SELECT * FROM big WITH (epochs = 1, validation = 0.01, batch_size = 2048)");
      try (ResultSet rs = s.executeQuery("SELECT detail, state FROM sqlscore.training_runs")) {
        rs.next();
        System.out.println("detail: " + rs.getString(1));
        System.out.println("state: " + rs.getString(2));
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) * (14 * 8 + 4) FROM big")) {
        rs.next();
        System.out.println("encoded bytes: " + rs.getLong(1));
      }
      System.out.println("max heap: " + Runtime.getRuntime().maxMemory());
      System.exit(0);
    } catch (SQLException e) {
      System.out.println("error: " + e.getMessage());
      System.exit(1);
    }
  }
}

package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads on two connections to one database file import packages and move aliases at
 * once: every import gets a distinct version, versions are gap-free, and every change is in the
 * event history. And two open transactions, one pointing an alias at a version while the other
 * drops that version, cannot both commit.
 */
class RegistryConcurrencyTest {
  private static final int THREADS = 8;
  private static final int IMPORTS_PER_THREAD = 5;

  @TempDir Path dir;

  @Test
  void concurrentImportsAndAliasesLoseNothing() throws Exception {
    List<Path> packages = new ArrayList<>();
    for (int i = 0; i < THREADS * IMPORTS_PER_THREAD; i++) {
      packages.add(PackageVariants.variant(PackageVariants.adultAutoInt(), dir, Integer.toString(i)));
    }
    String url = "jdbc:sqlscore:" + dir.resolve("registry.duckdb");
    List<Long> versions = Collections.synchronizedList(new ArrayList<>());
    int aliasMoves;
    try (Connection first = DriverManager.getConnection(url);
        Connection second = DriverManager.getConnection(url)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Connection connection = t % 2 == 0 ? first : second;
        int thread = t;
        futures.add(pool.submit(() -> {
          int moves = 0;
          try (Statement s = connection.createStatement()) {
            for (int i = 0; i < IMPORTS_PER_THREAD; i++) {
              Path pkg = packages.get(thread * IMPORTS_PER_THREAD + i);
              long version;
              try (ResultSet rs = s.executeQuery("CREATE MODEL shared FROM '" + pkg + "'")) {
                rs.next();
                assertEquals("created", rs.getString("status"));
                version = rs.getLong("version");
              }
              versions.add(version);
              s.execute("ALTER MODEL shared SET ALIAS thread_" + thread + " = " + version);
              moves++;
            }
          }
          return moves;
        }));
      }
      int moves = 0;
      for (Future<Integer> future : futures) {
        moves += future.get();
      }
      aliasMoves = moves;
      pool.shutdown();
    }

    int imports = THREADS * IMPORTS_PER_THREAD;
    List<Long> sorted = new ArrayList<>(versions);
    Collections.sort(sorted);
    assertEquals(LongStream.rangeClosed(1, imports).boxed().toList(), sorted, "distinct and gap-free");
    try (Connection check = DriverManager.getConnection(url);
        Statement s = check.createStatement()) {
      assertEquals(imports, count(s, "SELECT count(*) FROM sqlscore.model_versions"));
      assertEquals(imports, count(s, "SELECT count(*) FROM sqlscore.model_events WHERE event = 'version_created'"));
      assertEquals(aliasMoves, count(s,
          "SELECT count(*) FROM sqlscore.model_events WHERE event IN ('alias_set', 'alias_moved')"));
      assertEquals(THREADS, count(s, "SELECT count(*) FROM sqlscore.model_aliases"));
      assertEquals(imports + 1, count(s, "SELECT next_version FROM sqlscore.models WHERE name = 'shared'"));
      assertEquals(imports, count(s, "SELECT count(*) FROM sqlscore.model_weights"), "one weights blob per version");
      assertTrue(count(s, "SELECT count(DISTINCT seq) FROM sqlscore.model_events") >= imports + aliasMoves + 1);
    }
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void anAliasMoveAndADropOfItsTargetCannotBothCommit() throws Exception {
    String url = "jdbc:sqlscore:" + dir.resolve("race.duckdb");
    Path pkg = Path.of(System.getProperty("sqlscore.repo", "..")).resolve("sql-examples/models/adult-autoint_plus");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE MODEL m FROM '" + pkg.toAbsolutePath() + "'");
      s.execute("CREATE MODEL m FROM '" + pkg.resolveSibling("adult-armnet_plus").toAbsolutePath() + "'");
    }
    try (Connection aliasing = DriverManager.getConnection(url); Connection dropping = DriverManager.getConnection(url);
        Statement a = aliasing.createStatement(); Statement d = dropping.createStatement()) {
      aliasing.setAutoCommit(false);
      dropping.setAutoCommit(false);
      a.execute("ALTER MODEL m SET ALIAS prod = 2");
      boolean dropped;
      try {
        // Each passes its own checks on its own snapshot (no alias names version 2 for the drop).
        d.execute("DROP MODEL m VERSION 2");
        dropping.commit();
        dropped = true;
      } catch (SQLException e) {
        assertEquals("40001", e.getSQLState(), e.getMessage());
        dropping.rollback();
        dropped = false;
      }
      boolean aliased;
      try {
        aliasing.commit();
        aliased = true;
      } catch (SQLException e) {
        aliased = false;
      }
      assertTrue(!(dropped && aliased), "both committed");
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlscore.model_aliases a LEFT JOIN sqlscore.model_versions v "
            + "ON v.model = a.model AND v.version = a.version WHERE v.version IS NULL")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "an alias names a dropped version");
    }
  }
}

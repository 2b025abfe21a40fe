package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight connections doing a random mix of scoring, explaining, prepared executes, CREATE, ALTER
 * and DROP MODEL, cancels and closes mid-result, for {@code sqlscore.soak.seconds} (30 by
 * default; run longer with {@code -Dsqlscore.soak.seconds=600}). Checked: no operation hangs
 * (each finishes within a deadline), every score is the score of one whole version (a pinned
 * {@code m@N} exactly that version's), errors are only the ones the race allows, the registry
 * stays consistent, and Arrow memory, scan connections and model leases are back to zero.
 */
@Tag("soak")
class SoakTest {
  private static final int CONNECTIONS = 8;
  private static final long DEADLINE_SECONDS = 240;
  private static final String SUM = "SELECT sum(PREDICT('%s') * id) FROM adult_test WHERE id < 200";
  private static final String[] OPS = {
    "score_prod", "score_latest", "score_pinned", "explain", "prepared", "create", "alter", "drop_version",
    "drop_model", "cancel", "close_mid_result"
  };
  /** Relative frequencies of OPS. */
  private static final int[] WEIGHTS = {8, 6, 6, 5, 8, 3, 4, 3, 1, 3, 3};

  @TempDir Path dir;
  private String url;
  private final List<Path> packages = List.of(
      AdultDatabase.repo().resolve("sql-examples/models/adult-autoint_plus"),
      AdultDatabase.repo().resolve("sql-examples/models/adult-armnet_plus"));
  /** Expected SUM per package sha256, and the package of every version ever created. */
  private final Map<String, Double> expectedBySha = new ConcurrentHashMap<>();
  private final Map<Long, String> shaByVersion = new ConcurrentHashMap<>();
  private final AtomicLongArray counts = new AtomicLongArray(OPS.length);
  private final AtomicLong errorsAllowed = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final long[] opStarted = new long[CONNECTIONS];

  @Test
  void eightConnectionsRaceScoringAgainstModelDdlCancelsAndCloses() throws Exception {
    long seconds = Long.getLong("sqlscore.soak.seconds", 30);
    url = "jdbc:sqlscore:" + dir.resolve("soak.duckdb");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      AdultDatabase.load(c);
      AdultDatabase.repeat(c, "big", 20);
      for (Path pkg : packages) {
        String sha = create(s, "reference", pkg)[1];
        long version = Long.parseLong(create(s, "reference", pkg)[0]);
        expectedBySha.put(sha, single(s, String.format(SUM, "reference@" + version)));
        create(s, "m", pkg);
      }
      s.execute("ALTER MODEL m SET ALIAS prod = 1");
    }
    assertTrue(Math.abs(expectedBySha.values().stream().mapToDouble(Double::doubleValue).reduce((a, b) -> a - b)
        .orElseThrow()) > 1e-3, "the two packages score differently");

    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService workers = Executors.newFixedThreadPool(CONNECTIONS);
    ScheduledExecutorService cancels = Executors.newSingleThreadScheduledExecutor();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < CONNECTIONS; w++) {
      int worker = w;
      running.add(workers.submit(() -> work(worker, end, cancels)));
    }
    while (running.stream().anyMatch(f -> !f.isDone())) {
      Thread.sleep(500);
      long now = System.nanoTime();
      for (int w = 0; w < CONNECTIONS; w++) {
        long started = opStarted[w];
        if (started != 0 && now - started > TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS)) {
          workers.shutdownNow();
          throw new AssertionError("connection " + w + " hangs: an operation ran over " + DEADLINE_SECONDS + " s");
        }
      }
    }
    for (Future<?> f : running) {
      f.get();
    }
    workers.shutdown();
    cancels.shutdown();

    Map<String, Long> byOp = new TreeMap<>();
    for (int i = 0; i < OPS.length; i++) {
      byOp.put(OPS[i], counts.get(i));
    }
    System.out.println("soak " + seconds + " s, operations: " + byOp + ", allowed errors: " + errorsAllowed.get());
    failures.forEach(f -> System.out.println("soak failure: " + f));
    assertTrue(failures.isEmpty(), failures.size() + " failures, first: " + failures.peek());
    assertRegistryConsistent();
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory is back to zero");
    assertEquals(0, Engine.get().openScanConnections(), "no scan connection stays open");
    assertEquals(0, Engine.get().models().leasesHeld(), "no model lease stays taken");
  }

  private void work(int worker, long end, ScheduledExecutorService cancels) {
    Random random = new Random(worker * 7919L + System.nanoTime());
    Connection c = null;
    // The connection's prepared statement, prepared by the first "prepared" operation that finds
    // model m (preparing plans it, so it meets the same races as every other operation).
    PreparedStatement[] prepared = new PreparedStatement[1];
    try {
      while (System.nanoTime() < end) {
        if (c == null) {
          c = DriverManager.getConnection(url);
          prepared[0] = null;
        }
        int op = pick(random);
        opStarted[worker] = System.nanoTime();
        try {
          if (run(OPS[op], c, prepared, random, cancels)) {
            c = null;
          }
          counts.incrementAndGet(op);
        } catch (SQLException e) {
          if (allowed(OPS[op], e)) {
            errorsAllowed.incrementAndGet();
            counts.incrementAndGet(op);
          } else {
            failures.add(OPS[op] + ": " + e.getSQLState() + " " + e.getMessage());
          }
        } catch (RuntimeException | AssertionError e) {
          failures.add(OPS[op] + ": " + e);
        } finally {
          opStarted[worker] = 0;
        }
      }
    } catch (SQLException e) {
      failures.add("connect: " + e.getMessage());
    } finally {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException e) {
          failures.add("close: " + e.getMessage());
        }
      }
    }
  }

  /** Runs one operation; returns true when it closed the connection. */
  private boolean run(String op, Connection c, PreparedStatement[] prepared, Random random,
      ScheduledExecutorService cancels) throws SQLException {
    try (Statement s = c.createStatement()) {
      switch (op) {
        case "score_prod":
          checkSomeVersion(single(s, String.format(SUM, "m@prod")));
          return false;
        case "score_latest":
          checkSomeVersion(single(s, String.format(SUM, "m")));
          return false;
        case "score_pinned": {
          long version = 1 + random.nextInt((int) Math.max(1, maxVersion()));
          double sum = single(s, String.format(SUM, "m@" + version));
          double expected = expectedBySha.get(shaByVersion.get(version));
          if (Math.abs(sum - expected) > 1e-6 * Math.abs(expected)) {
            throw new AssertionError("m@" + version + " scored " + sum + ", its package scores " + expected);
          }
          return false;
        }
        case "explain":
          assertEquals(50, single(s, "SELECT count(t.e.importance[1].field) FROM (SELECT EXPLAIN_PREDICT('m@prod', 2) "
              + "AS e FROM adult_test WHERE id < 50) AS t"), 0);
          return false;
        case "prepared":
          if (prepared[0] == null) {
            prepared[0] = c.prepareStatement(String.format(SUM, "m").replace("200", "?"));
          }
          prepared[0].setInt(1, 200);
          try (ResultSet rs = prepared[0].executeQuery()) {
            rs.next();
            checkSomeVersion(rs.getDouble(1));
          }
          return false;
        case "create":
          create(s, "m", packages.get(random.nextInt(packages.size())));
          return false;
        case "alter":
          s.execute("ALTER MODEL m SET ALIAS prod = " + (1 + random.nextInt((int) Math.max(1, maxVersion()))));
          return false;
        case "drop_version":
          s.execute("DROP MODEL m VERSION " + (1 + random.nextInt((int) Math.max(1, maxVersion()))));
          return false;
        case "drop_model":
          s.execute("DROP MODEL IF EXISTS m");
          return false;
        case "cancel":
          cancels.schedule(() -> {
            try {
              s.cancel();
            } catch (SQLException e) {
              failures.add("cancel: " + e.getMessage());
            }
          }, random.nextInt(200), TimeUnit.MILLISECONDS);
          // big repeats adult_test 20 times with ids + r * 100000: the same rows, 20 times each.
          checkSomeVersion(single(s, "SELECT sum(PREDICT('m') * (id % 100000)) FROM big WHERE id % 100000 < 200")
              / 20, true);
          return false;
        case "close_mid_result": {
          ResultSet rs = s.executeQuery("SELECT id, PREDICT('m') AS p FROM adult_test");
          for (int i = 0; i < 100 && rs.next(); i++) {
            rs.getDouble(2);
          }
          c.close();
          return true;
        }
        default:
          throw new IllegalStateException(op);
      }
    }
  }

  private void checkSomeVersion(double sum) {
    checkSomeVersion(sum, false);
  }

  /** A score from an alias or latest must be one whole version's: one of the packages' sums. */
  private void checkSomeVersion(double sum, boolean repeated) {
    for (double expected : expectedBySha.values()) {
      if (Math.abs(sum - expected) <= (repeated ? 1e-4 : 1e-6) * Math.abs(expected)) {
        return;
      }
    }
    throw new AssertionError("score " + sum + " is no version's: " + expectedBySha.values());
  }

  private long maxVersion() {
    return shaByVersion.keySet().stream().mapToLong(Long::longValue).max().orElse(1);
  }

  /** Errors the race allows: a model, version or alias gone meanwhile, an alias in the way, a cancel. */
  private static boolean allowed(String op, SQLException e) {
    String state = e.getSQLState();
    return "42704".equals(state) || "2BP01".equals(state) || "40001".equals(state)
        || (op.equals("cancel") && "57014".equals(state));
  }

  private String[] create(Statement s, String model, Path pkg) throws SQLException {
    try (ResultSet rs = s.executeQuery("CREATE MODEL " + model + " FROM '" + pkg + "'")) {
      rs.next();
      long version = rs.getLong("version");
      String sha = rs.getString("sha256");
      if (model.equals("m")) {
        shaByVersion.put(version, sha);
      }
      return new String[] {Long.toString(version), sha};
    }
  }

  private int pick(Random random) {
    int total = 0;
    for (int w : WEIGHTS) {
      total += w;
    }
    int r = random.nextInt(total);
    for (int i = 0; i < WEIGHTS.length; i++) {
      r -= WEIGHTS[i];
      if (r < 0) {
        return i;
      }
    }
    return 0;
  }

  private void assertRegistryConsistent() throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_aliases a LEFT JOIN sqlscore.model_versions v "
          + "ON v.model = a.model AND v.version = a.version WHERE v.version IS NULL"), "aliases name live versions");
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_versions v LEFT JOIN sqlscore.model_weights w "
          + "ON w.sha256 = v.weights_sha256 WHERE w.sha256 IS NULL"), "every version has its weights");
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_weights WHERE sha256 NOT IN "
          + "(SELECT weights_sha256 FROM sqlscore.model_versions)"), "no orphan weights");
      assertEquals(0, single(s, "SELECT count(*) FROM sqlscore.model_versions v JOIN sqlscore.models m "
          + "ON m.name = v.model WHERE v.version >= m.next_version"), "versions below next_version");
      assertEquals(0, single(s, "SELECT count(*) FROM (SELECT model, version FROM sqlscore.model_versions "
          + "GROUP BY ALL HAVING count(*) > 1)"), "no duplicate versions");
      Set<Long> live = new java.util.HashSet<>();
      try (ResultSet rs = s.executeQuery("SELECT version, sha256 FROM sqlscore.model_versions WHERE model = 'm'")) {
        while (rs.next()) {
          live.add(rs.getLong(1));
          assertEquals(shaByVersion.get(rs.getLong(1)), rs.getString(2), "version " + rs.getLong(1) + "'s package");
        }
      }
      assertTrue(shaByVersion.keySet().containsAll(live));
    }
  }

  private static double single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }
}

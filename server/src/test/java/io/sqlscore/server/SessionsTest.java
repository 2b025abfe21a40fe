package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client sessions: each has its own settings, all share the model registry (an alias moved in
 * one session is seen by the next statement of the others), sessions are logged and end when
 * idle, and a statement can be cancelled or stopped by its timeout.
 */
class SessionsTest extends SharedServerTest {
  /** Scores 1.6 million rows: minutes, far longer than the timeouts below. */
  private static final String SLOW = "SELECT avg(PREDICT('adult')) FROM "
      + "(SELECT a.* FROM adult_test a, (SELECT id FROM adult_test WHERE id < 100) r) t";

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c.withLifetimes(Duration.ofHours(1), Duration.ofSeconds(2)));
  }

  @Test
  void eachSessionHasItsOwnSettings() throws Exception {
    String explain = "EXPLAIN PLAN FOR SELECT PREDICT('adult') FROM adult_test";
    try (Connection a = fixture.connect("bob", "bob-pw"); Connection b = fixture.connect("bob", "bob-pw");
        Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
      sa.execute("SET batch_size = 100");
      assertTrue(text(sa, explain).contains("batch=100"), text(sa, explain));
      assertTrue(text(sb, explain).contains("batch=4096"), text(sb, explain));
    }
  }

  @Test
  void anAliasMovedInOneSessionIsSeenByTheNextStatementOfAnother() throws Exception {
    String prod = "SELECT id, PREDICT('adult@prod') FROM adult_test WHERE id < 3 ORDER BY id";
    Map<Long, Double> v1 = Embedded.scores(fixture.database,
        "SELECT id, PREDICT('adult@1') FROM adult_test WHERE id < 3 ORDER BY id");
    try (Connection admin = fixture.connect("alice", "alice-pw"); Connection reader = fixture.connect("bob", "bob-pw");
        Statement change = admin.createStatement(); Statement read = reader.createStatement();
        PreparedStatement prepared = reader.prepareStatement(prod)) {
      assertEquals(v1, scores(read, prod));
      change.execute("CREATE MODEL adult FROM '"
          + ServerFixture.repo().resolve("sql-examples/models/adult-autoint_plus") + "'");
      Map<Long, Double> v2 = Embedded.scores(fixture.database,
          "SELECT id, PREDICT('adult@2') FROM adult_test WHERE id < 3 ORDER BY id");
      assertNotEquals(v1, v2);
      change.execute("ALTER MODEL adult SET ALIAS prod = 2");
      assertEquals(v2, scores(read, prod));
      try (ResultSet rows = prepared.executeQuery()) {
        assertEquals(v2, scores(rows));
      }
      change.execute("ALTER MODEL adult SET ALIAS prod = 1");
    }
  }

  @Test
  void sessionsAreLoggedAndEndWhenIdleOrClosed() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      assertEquals(List.of("1"), client.column("SELECT 1"));
      client.sql.closeSession(new org.apache.arrow.flight.CloseSessionRequest(), client.token);
    }
    awaitLog("reason=closed by client");
    try (Connection connection = fixture.connect("alice", "alice-pw"); Statement s = connection.createStatement()) {
      text(s, "SELECT 1");
    }
    awaitLog("user=alice session=");
    awaitLog("reason=idle");
    assertTrue(fixture.log().contains("session start user=bob role=reader"), fixture.log());
  }

  @Test
  void sessionOptionsSetTheStatementTimeout() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      client.sql.setSessionOptions(new SetSessionOptionsRequest(Map.of(
          "statement_timeout", SessionOptionValueFactory.makeSessionOptionValue(1L),
          "scoring_threads", SessionOptionValueFactory.makeSessionOptionValue(1L))), client.token);
      Map<String, ?> options = client.sql.getSessionOptions(new org.apache.arrow.flight.GetSessionOptionsRequest(),
          client.token).getSessionOptions();
      assertEquals("1", SessionOptions.text((org.apache.arrow.flight.SessionOptionValue) options.get("statement_timeout")));
      long started = System.nanoTime();
      FlightRuntimeException timedOut = assertThrows(FlightRuntimeException.class,
          () -> client.column(SLOW));
      assertEquals(FlightStatusCode.TIMED_OUT, timedOut.status().code(), timedOut.getMessage());
      assertTrue(timedOut.getMessage().contains("QUERY_TIMEOUT"), timedOut.getMessage());
      assertTrue(System.nanoTime() - started < 60_000_000_000L, "stopped long after the timeout");
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
    fixture.awaitReleased();
  }

  @Test
  void aCancelledCallStopsItsStatement() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      FlightRuntimeException expired = assertThrows(FlightRuntimeException.class, () -> client.sql.execute(
          SLOW, client.token, CallOptions.timeout(1,
              java.util.concurrent.TimeUnit.SECONDS)));
      assertEquals(FlightStatusCode.TIMED_OUT, expired.status().code());
      fixture.awaitReleased();
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
  }

  @Test
  void cancelFlightInfoStopsAResultBeingRead() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      client.column("SET batch_size = 64");
      FlightInfo info = client.sql.execute(
          "SELECT id, PREDICT('adult') AS p, repeat('x', 2000) AS pad FROM adult_test WHERE id < 4000", client.token);
      long rows = 0;
      try (FlightStream stream = client.sql.getStream(info.getEndpoints().get(0).getTicket(), client.token)) {
        assertTrue(stream.next());
        rows += stream.getRoot().getRowCount();
        CancelFlightInfoResult cancelled = client.sql.cancelFlightInfo(new CancelFlightInfoRequest(info), client.token);
        assertEquals(CancelStatus.CANCELLED, cancelled.getStatus());
        FlightRuntimeException stopped = assertThrows(FlightRuntimeException.class, () -> {
          while (stream.next()) {
            // the batches already on their way
          }
        });
        assertEquals(FlightStatusCode.CANCELLED, stopped.status().code(), stopped.getMessage());
      }
      assertTrue(rows < 4000);
      fixture.awaitReleased();
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
  }

  private static void awaitLog(String text) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!fixture.log().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(fixture.log().contains(text), "no '" + text + "' in the log:\n" + fixture.log());
  }

  static String text(Statement statement, String sql) throws Exception {
    StringBuilder text = new StringBuilder();
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        text.append(rows.getString(1)).append('\n');
      }
    }
    return text.toString();
  }

  private static Map<Long, Double> scores(Statement statement, String sql) throws Exception {
    try (ResultSet rows = statement.executeQuery(sql)) {
      return scores(rows);
    }
  }

  private static Map<Long, Double> scores(ResultSet rows) throws Exception {
    Map<Long, Double> scores = new java.util.LinkedHashMap<>();
    while (rows.next()) {
      scores.put(rows.getLong(1), rows.getDouble(2));
    }
    return scores;
  }
}

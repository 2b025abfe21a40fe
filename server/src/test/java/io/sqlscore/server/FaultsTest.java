package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.sqlscore.planner.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults: a client gone in the middle of a result, malformed Flight calls, a 10 MB statement
 * and a statement failing mid-stream each end cleanly, releasing every scan, Arrow buffer and
 * model lease, while other sessions keep working; a restarted server serves the same models.
 */
class FaultsTest extends SharedServerTest {
  /** Rows of about 2 kB with a score: far more than gRPC buffers, so the server waits on the client. */
  private static final String WIDE = "SELECT id, PREDICT('adult') AS p, repeat('x', 2000) AS pad FROM adult_test "
      + "WHERE id < 4000";

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c);
    try (Connection admin = fixture.connect("alice", "alice-pw"); Statement s = admin.createStatement()) {
      s.execute("CREATE TABLE big AS SELECT range AS id FROM range(4000000)");
    }
  }

  @Test
  void aClientGoneMidResultReleasesItsScanMemoryAndLease() throws Exception {
    SqlClient client = new SqlClient(fixture, "bob", "bob-pw");
    client.column("SET batch_size = 64");
    FlightInfo info = client.sql.execute(WIDE, client.token);
    FlightStream stream = client.sql.getStream(info.getEndpoints().get(0).getTicket(), client.token);
    assertTrue(stream.next());
    assertEquals(1, Engine.get().models().leasesHeld(), "the streaming statement holds its model");
    assertEquals(2, Engine.get().openScanConnections(),
        "the streaming statement reads its input and computes its result on scan connections of its own");
    try {
      client.flight.close();
    } catch (Exception | AssertionError ignored) {
      // The client's own buffers were left behind on purpose: it just disappears.
    }
    fixture.awaitReleased();
    try (SqlClient other = new SqlClient(fixture, "bob", "bob-pw")) {
      assertEquals(List.of("16281"), other.column("SELECT count(*) FROM adult_test"));
    }
  }

  @Test
  void malformedCallsGetCleanErrors() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "alice", "alice-pw")) {
      FlightClient flight = client.flight;
      FlightRuntimeException notProtobuf = assertThrows(FlightRuntimeException.class, () ->
          flight.getInfo(FlightDescriptor.command("not a command".getBytes(StandardCharsets.UTF_8)), client.token));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, notProtobuf.status().code());
      FlightRuntimeException unknown = assertThrows(FlightRuntimeException.class, () -> flight.getInfo(
          FlightDescriptor.command(Any.pack(com.google.protobuf.StringValue.of("x")).toByteArray()), client.token));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, unknown.status().code());
      FlightRuntimeException badTicket = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = flight.getStream(new Ticket(new byte[] {1, 2, 3}), client.token)) {
          stream.next();
        }
      });
      assertTrue(badTicket.status().code() == FlightStatusCode.INVALID_ARGUMENT
          || badTicket.status().code() == FlightStatusCode.INTERNAL, badTicket.toString());
      FlightRuntimeException badAction = assertThrows(FlightRuntimeException.class,
          () -> flight.doAction(new Action("DropEverything"), client.token).forEachRemaining(r -> { }));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, badAction.status().code());
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
  }

  @Test
  void aTenMegabyteStatementGetsACleanError() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      String huge = "SELECT 1 -- " + "x".repeat(10 << 20);
      FlightRuntimeException refused = assertThrows(FlightRuntimeException.class, () -> client.column(huge));
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, refused.status().code());
      assertTrue(refused.getMessage().contains("over the limit"), refused.getMessage());
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
  }

  @Test
  void aStatementFailingMidStreamGetsACleanError() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw"); SqlClient other = new SqlClient(fixture, "bob", "bob-pw")) {
      FlightInfo info = client.sql.execute(
          "SELECT id, CAST(CASE WHEN id < 3000000 THEN '1' ELSE 'x' END AS INTEGER) AS v FROM big", client.token);
      long[] rows = {0};
      FlightRuntimeException failed = assertThrows(FlightRuntimeException.class, () -> {
        try (FlightStream stream = client.sql.getStream(info.getEndpoints().get(0).getTicket(), client.token)) {
          while (stream.next()) {
            rows[0] += stream.getRoot().getRowCount();
          }
        }
      });
      assertTrue(rows[0] > 0, "the error came before the first batch");
      assertEquals(FlightStatusCode.INVALID_ARGUMENT, failed.status().code(), failed.getMessage());
      assertTrue(failed.getMessage().contains("CONVERSION_ERROR"), failed.getMessage());
      assertEquals(List.of("4000000"), other.column("SELECT count(*) FROM big"));
      assertEquals(List.of("1"), client.column("SELECT 1"));
    }
  }

  @Test
  void aRestartedServerServesTheSameModels() throws Exception {
    String sql = "SELECT id, PREDICT('adult@prod') AS p FROM adult_test WHERE id < 5 ORDER BY id";
    Map<Long, Double> before;
    String models;
    try (Connection connection = fixture.connect("bob", "bob-pw"); Statement s = connection.createStatement()) {
      before = scores(s, sql);
      models = rows(s, "SHOW MODELS");
    }
    fixture.restart(c -> c);
    try (Connection connection = fixture.connect("bob", "bob-pw"); Statement s = connection.createStatement()) {
      assertEquals(before, scores(s, sql));
      assertEquals(models, rows(s, "SHOW MODELS"));
    }
  }

  private static String rows(Statement statement, String sql) throws Exception {
    StringBuilder text = new StringBuilder();
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
          text.append(rows.getString(c)).append(c < rows.getMetaData().getColumnCount() ? " | " : "\n");
        }
      }
    }
    return text.toString();
  }

  private static Map<Long, Double> scores(Statement statement, String sql) throws Exception {
    Map<Long, Double> scores = new java.util.LinkedHashMap<>();
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        scores.put(rows.getLong(1), rows.getDouble(2));
      }
    }
    return scores;
  }
}

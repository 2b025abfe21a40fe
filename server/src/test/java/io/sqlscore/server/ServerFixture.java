package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sqlscore.planner.engine.Engine;
import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.planner.engine.StatementResult;
import io.sqlscore.server.auth.Role;
import io.sqlscore.server.auth.UserFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * A served test database: the bundled UCI Adult test rows in {@code adult_test} and the ARM-Net+
 * model {@code adult} (alias {@code prod}), users {@code alice} (admin) and {@code bob} (reader)
 * with passwords {@code alice-pw} and {@code bob-pw}, and a server on a free loopback port that
 * logs into {@link #log()}.
 */
final class ServerFixture implements AutoCloseable {
  /** Test hashes are cheap; the iteration count of real users is tested in UsersTest. */
  static final int TEST_ITERATIONS = 1_000;

  final Path dir;
  final Path database;
  final Path users;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  SqlscoreServer server;

  private ServerFixture(Path dir) {
    this.dir = dir;
    this.database = dir.resolve("served.duckdb");
    this.users = dir.resolve("users.txt");
  }

  /** Creates the database and users in {@code dir} and starts a server with {@code configure}d settings. */
  static ServerFixture start(Path dir, java.util.function.UnaryOperator<ServerConfig> configure) throws Exception {
    ServerFixture fixture = new ServerFixture(dir);
    fixture.createDatabase();
    UserFile file = new UserFile(fixture.users);
    file.add("alice", Role.ADMIN, "alice-pw".toCharArray(), TEST_ITERATIONS);
    file.add("bob", Role.READER, "bob-pw".toCharArray(), TEST_ITERATIONS);
    fixture.restart(configure);
    return fixture;
  }

  /** Starts a server on the fixture's database and users (stopping the running one). */
  void restart(java.util.function.UnaryOperator<ServerConfig> configure) {
    if (server != null) {
      server.close();
    }
    ServerConfig config = configure.apply(ServerConfig.defaults(database).withAddress("127.0.0.1", 0).withUsers(users));
    server = SqlscoreServer.start(config, new ServerLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8)));
  }

  private void createDatabase() {
    Path examples = repo().resolve("sql-examples");
    try (Session session = Session.open(database.toString(), new Properties())) {
      run(session, "CREATE TABLE adult_test AS SELECT * FROM read_csv('"
          + examples.resolve("data/adult/adult_test.csv") + "', header = true, nullstr = '')");
      run(session, "CREATE MODEL adult FROM '" + examples.resolve("models/adult-armnet_plus") + "' WITH (alias = 'prod')");
    }
  }

  private static void run(Session session, String sql) {
    StatementResult result = session.execute(sql, List.of(), new QueryContext());
    try {
      if (result.resultSet() != null) {
        result.resultSet().close();
      }
      result.resources().close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The repository root. */
  static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo", "..")).toAbsolutePath().normalize();
  }

  /** The JDBC URL of the server (plain TCP). */
  String url() {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + server.port() + "/?useEncryption=false";
  }

  /** A Flight SQL JDBC connection as {@code user}. */
  Connection connect(String user, String password) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(url(), properties);
  }

  /** The server's log so far. */
  String log() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Waits (bounded) until the server holds no Arrow memory and the engine no model lease and no
   * scan connection.
   */
  void awaitReleased() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    Engine engine = Engine.get();
    while ((server.allocatedBytes() != 0 || engine.models().leasesHeld() != 0 || engine.openScanConnections() != 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, server.allocatedBytes(), "Arrow memory held by the server");
    assertEquals(0, engine.models().leasesHeld(), "model leases still held");
    assertEquals(0, engine.openScanConnections(), "scan connections still open");
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}

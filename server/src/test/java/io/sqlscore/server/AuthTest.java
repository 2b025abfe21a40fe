package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.SqlscoreException;
import io.sqlscore.server.auth.PasswordAuthenticator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.auth2.BearerCredentialWriter;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in: tokens expire, a bad token is refused like a wrong password, the server will not
 * start without users unless told {@code --no-auth}, and {@code --no-auth} serves only on a
 * loopback address, with sessions kept by a cookie.
 */
class AuthTest {
  @TempDir
  static Path dir;
  static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c.withLifetimes(Duration.ofSeconds(2), Duration.ofMinutes(60)));
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void tokensExpireAndBadTokensAreRefusedAlike() throws Exception {
    try (SqlClient client = new SqlClient(fixture, "bob", "bob-pw")) {
      assertEquals(List.of("1"), client.column("SELECT 1"));
      Thread.sleep(2500);
      FlightRuntimeException expired = assertThrows(FlightRuntimeException.class, () -> client.column("SELECT 1"));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, expired.status().code());
      assertEquals(PasswordAuthenticator.FAILED, expired.status().description());

      CredentialCallOption forged = new CredentialCallOption(new BearerCredentialWriter("not-a-token"));
      FlightRuntimeException bad = assertThrows(FlightRuntimeException.class,
          () -> client.sql.execute("SELECT 1", forged));
      assertEquals(FlightStatusCode.UNAUTHENTICATED, bad.status().code());
      assertEquals(PasswordAuthenticator.FAILED, bad.status().description());
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!fixture.log().contains("reason=sign-in expired") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(fixture.log().contains("reason=sign-in expired"), fixture.log());
  }

  @Test
  void noAuthOnlyOnLoopbackAndUsersOtherwise() {
    // Refused before anything binds: no socket ever opens on the wildcard address.
    ServerConfig open = ServerConfig.defaults(fixture.database).withAddress("0.0.0.0", 0).withNoAuth();
    SqlscoreException refused = assertThrows(SqlscoreException.class,
        () -> SqlscoreServer.start(open, new ServerLog(System.err)).close());
    assertTrue(refused.getMessage().contains("only allowed on a loopback address"), refused.getMessage());

    ServerConfig noUsers = ServerConfig.defaults(fixture.database).withAddress("127.0.0.1", 0)
        .withUsers(dir.resolve("nobody.txt"));
    SqlscoreException empty = assertThrows(SqlscoreException.class,
        () -> SqlscoreServer.start(noUsers, new ServerLog(System.err)).close());
    assertTrue(empty.getMessage().contains("has no users"), empty.getMessage());
  }

  @Test
  void noAuthSessionsFollowTheirCookie() throws Exception {
    try (SqlscoreServer open = SqlscoreServer.start(
        ServerConfig.defaults(fixture.database).withAddress("localhost", 0).withNoAuth(), new ServerLog(System.err));
        Connection connection = DriverManager.getConnection(
            "jdbc:arrow-flight-sql://127.0.0.1:" + open.port() + "/?useEncryption=false");
        Statement statement = connection.createStatement()) {
      statement.execute("SET batch_size = 100");
      assertTrue(SessionsTest.text(statement, "EXPLAIN PLAN FOR SELECT PREDICT('adult') FROM adult_test")
          .contains("batch=100"));
      statement.execute("CREATE TABLE anonymous_was_here AS SELECT 1 AS x");
      assertEquals(1, open.openSessions());
    }
  }
}

package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JDBC driver over TLS, trusting a self-signed certificate made at test time. */
class FlightTlsTest {
  @TempDir
  static Path dir;
  static ServerFixture fixture;
  static SelfSignedCertificate certificate;

  @BeforeAll
  static void start() throws Exception {
    certificate = SelfSignedCertificate.create(dir);
    fixture = ServerFixture.start(dir, c -> c.withTls(certificate.certificate, certificate.key));
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void predictOverTls() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:"
            + fixture.server.port() + "/?useEncryption=true&tlsRootCerts=" + certificate.certificate, credentials());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) AS n, avg(PREDICT('adult')) AS p FROM adult_test "
            + "WHERE id < 50")) {
      assertTrue(rows.next());
      assertEquals(50, rows.getLong("n"));
      assertTrue(rows.getDouble("p") > 0 && rows.getDouble("p") < 1);
    }
    assertTrue(fixture.log().contains("grpc+tls://"), fixture.log());
  }

  @Test
  void plainTextIsRefused() {
    assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:arrow-flight-sql://127.0.0.1:"
        + fixture.server.port() + "/?useEncryption=false", credentials()).close());
  }

  private static Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("user", "alice");
    properties.setProperty("password", "alice-pw");
    return properties;
  }
}

package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sqlline.SqlLine;

/** sqlline over the Flight SQL JDBC driver runs a script: tables, columns and a PREDICT query. */
class SqllineTest {
  @TempDir
  static Path dir;
  static ServerFixture fixture;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start(dir, c -> c);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void script() throws Exception {
    Path script = dir.resolve("script.sql");
    Files.writeString(script, String.join("\n",
        "!tables",
        "!columns adult_test",
        "SELECT id, round(PREDICT('adult'), 6) AS p FROM adult_test WHERE id < 3 ORDER BY id;",
        "!quit", ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlLine sqlline = new SqlLine();
    sqlline.setOutputStream(out);
    sqlline.setErrorStream(out);
    SqlLine.Status status = sqlline.begin(new String[] {
        "-u", fixture.url(), "-n", "bob", "-p", "bob-pw", "-d", "org.apache.arrow.driver.jdbc.ArrowFlightJdbcDriver",
        "--color=false", "--fastConnect=true", "--maxWidth=200", "-f", script.toString()},
        new ByteArrayInputStream(new byte[0]), false);
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(SqlLine.Status.OK, status, text);
    assertTrue(text.contains("adult_test") && text.contains("BASE TABLE"), text);
    assertTrue(text.contains("native_country") && text.contains("VARCHAR"), text);
    assertTrue(text.contains("0.190642") && text.contains("0.402951"), text);
    assertTrue(text.contains("3 rows selected"), text);
  }
}

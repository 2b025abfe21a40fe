package io.sqlscore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.SqlscoreException;
import io.sqlscore.server.auth.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./sqlscore users ...} and {@code serve}'s arguments, and the password hashes of the users file. */
class UsersTest {
  @TempDir
  Path dir;

  @Test
  void addListRemove() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(0, users(List.of("add", "carol", "--role", "reader", "--users", file.toString()), "s3cret-pw\n").code);
    String stored = Files.readString(file);
    assertTrue(stored.contains("carol:reader:pbkdf2-sha256:" + PasswordHash.DEFAULT_ITERATIONS + ":"), stored);
    assertFalse(stored.contains("s3cret-pw"), "the password is stored in clear");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Result again = users(List.of("add", "carol", "--role", "admin", "--users", file.toString()), "other\n");
    assertEquals(1, again.code);
    assertEquals(1, again.out.lines().count(), again.out);
    assertTrue(again.out.contains("already exists"), again.out);

    assertEquals(0, users(List.of("add", "dave", "--role", "ADMIN", "--users", file.toString()), "pw\n").code);
    assertEquals("carol reader\ndave admin\n", users(List.of("list", "--users", file.toString()), "").out);
    assertEquals(0, users(List.of("remove", "carol", "--users", file.toString()), "").code);
    assertEquals("dave admin\n", users(List.of("list", "--users", file.toString()), "").out);
  }

  @Test
  void badUsageIsOneLine() throws Exception {
    Path file = dir.resolve("users.txt");
    for (Result result : List.of(
        users(List.of("add", "erin", "--users", file.toString()), "pw\n"),
        users(List.of("add", "erin", "--role", "root", "--users", file.toString()), "pw\n"),
        users(List.of("add", "erin", "--role", "reader", "--users", file.toString()), ""),
        users(List.of("add", "bad name", "--role", "reader", "--users", file.toString()), "pw\n"),
        users(List.of("frobnicate"), ""))) {
      assertEquals(1, result.code, result.out);
      assertEquals(1, result.out.lines().count(), result.out);
      assertTrue(result.out.startsWith("sqlscore users: "), result.out);
    }
    assertFalse(Files.exists(file));
  }

  @Test
  void checksRoleAndNameBeforeAskingForThePassword() throws Exception {
    Path file = dir.resolve("users.txt");
    assertEquals(0, users(List.of("add", "carol", "--role", "reader", "--users", file.toString()), "pw\n").code);
    // No password on standard input: each mistake is reported before the password is asked for.
    assertTrue(users(List.of("add", "erin", "--role", "king", "--users", file.toString()), "").out
        .contains("unknown role 'king'"));
    assertTrue(users(List.of("add", "bad name", "--role", "reader", "--users", file.toString()), "").out
        .contains("user name 'bad name'"));
    assertTrue(users(List.of("add", "carol", "--role", "admin", "--users", file.toString()), "").out
        .contains("already exists"));
  }

  @Test
  void hashesAreSaltedAndChecked() {
    String first = PasswordHash.create("same".toCharArray(), 1000);
    String second = PasswordHash.create("same".toCharArray(), 1000);
    assertNotEquals(first, second, "no salt");
    assertTrue(PasswordHash.matches("same".toCharArray(), first));
    assertFalse(PasswordHash.matches("Same".toCharArray(), first));
  }

  @Test
  void serveArguments() throws Exception {
    Path db = Files.createFile(dir.resolve("x.duckdb"));
    ServerConfig config = ServeCommand.config(List.of("--db", db.toString(), "--port", "0",
        "--statement-timeout", "30", "--token-hours", "2"));
    assertEquals("127.0.0.1", config.host());
    assertEquals(30, config.statementTimeoutSeconds());
    assertEquals(java.time.Duration.ofHours(2), config.tokenLifetime());
    assertFalse(config.noAuth());
    for (List<String> bad : List.<List<String>>of(List.of(), List.of("--db", dir.resolve("missing.duckdb").toString()),
        List.of("--db", db.toString(), "--port", "http"), List.of("--db", db.toString(), "--port", "65536"),
        List.of("--db", db.toString(), "--tls", "only-one"),
        List.of("--db", db.toString(), "--bogus"))) {
      assertThrows(SqlscoreException.class, () -> ServeCommand.config(bad), bad.toString());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Refused before anything binds: no socket ever opens on the wildcard address.
    int code = ServeCommand.run(List.of("--db", db.toString(), "--host", "0.0.0.0", "--no-auth", "--port", "0"),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals(1, code);
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("only allowed on a loopback address"));
  }

  private record Result(int code, String out) {}

  private static Result users(List<String> args, String stdin) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = UsersCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    return new Result(code, out.toString(StandardCharsets.UTF_8));
  }
}

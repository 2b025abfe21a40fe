package io.sqlscore.server;

import io.sqlscore.error.CommandArgs;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.server.auth.PasswordHash;
import io.sqlscore.server.auth.Role;
import io.sqlscore.server.auth.UserFile;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code ./sqlscore users add NAME --role reader|admin [--users FILE]} (the password is read from
 * the terminal without echo, or as one line of standard input when that is not a terminal),
 * {@code users remove NAME} and {@code users list}.
 */
public final class UsersCommand {
  /** The usage line. */
  public static final String USAGE = "sqlscore users add NAME --role reader|admin | remove NAME | list  [--users FILE]";

  private static final Map<String, Integer> OPTIONS = Map.of("--role", 1, "--users", 1);

  private UsersCommand() {}

  /** Runs the command; returns 0, or 1 after one line on {@code out} saying what went wrong. */
  public static int run(List<String> args, PrintStream out, InputStream in) {
    try {
      CommandArgs parsed = new CommandArgs(args, OPTIONS);
      UserFile file = new UserFile(Path.of(parsed.value("--users", ServerConfig.DEFAULT_USERS.toString())));
      List<String> words = parsed.positional();
      String action = words.isEmpty() ? "" : words.get(0);
      switch (action) {
        case "add": {
          parsed.requirePositional(2, "users add NAME --role reader|admin");
          String role = parsed.value("--role", null);
          if (role == null) {
            throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT, "users add needs --role reader or --role admin");
          }
          String name = words.get(1);
          Role parsedRole = Role.parse(role);
          file.checkNewUser(name);
          char[] password = password(name, in);
          try {
            file.add(name, parsedRole, password, PasswordHash.DEFAULT_ITERATIONS);
          } finally {
            Arrays.fill(password, '\0');
          }
          out.println("added user " + name + " (" + parsedRole.label() + ") to " + file.path());
          return 0;
        }
        case "remove":
          parsed.requirePositional(2, "users remove NAME");
          file.remove(words.get(1));
          out.println("removed user " + words.get(1) + " from " + file.path());
          return 0;
        case "list":
          parsed.requirePositional(1, "users list");
          file.read().values().forEach(user -> out.println(user.name() + " " + user.role().label()));
          return 0;
        default:
          throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT, "usage: " + USAGE);
      }
    } catch (SqlscoreException e) {
      out.println("sqlscore users: " + e.getMessage());
      return 1;
    }
  }

  /** The password: typed twice at the terminal (not echoed), or the first line of {@code in}. */
  private static char[] password(String name, InputStream in) {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("password for %s: ", name);
      char[] second = console.readPassword("the same password again: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT, "the two passwords differ; nothing was changed");
      }
      Arrays.fill(second, '\0');
      return first;
    }
    try {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT,
            "no password on standard input; type it at a terminal or pipe one line");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read the password: " + e.getMessage(), e);
    }
  }
}

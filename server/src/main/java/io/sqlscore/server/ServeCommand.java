package io.sqlscore.server;

import io.sqlscore.error.CommandArgs;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code ./sqlscore serve --db FILE [--host 127.0.0.1] [--port 31337] [--users FILE]
 * [--tls CERT KEY] [--no-auth] [--token-hours 8] [--idle-minutes 60] [--statement-timeout 0]
 * [--max-sessions 256]}: serves the database until stopped (Ctrl-C); the log goes to standard
 * error.
 */
public final class ServeCommand {
  /** The usage line. */
  public static final String USAGE = "sqlscore serve --db FILE [--host 127.0.0.1] [--port 31337] [--users FILE] "
      + "[--tls CERT.pem KEY.pem] [--no-auth] [--token-hours 8] [--idle-minutes 60] [--statement-timeout SECONDS] "
      + "[--max-sessions 256]";

  private static final Map<String, Integer> OPTIONS = Map.of("--db", 1, "--host", 1, "--port", 1, "--users", 1,
      "--tls", 2, "--no-auth", 0, "--token-hours", 1, "--idle-minutes", 1, "--statement-timeout", 1,
      "--max-sessions", 1);

  private ServeCommand() {}

  /** Serves until the server stops; returns 1 (after one line on {@code out}) when it cannot start. */
  public static int run(List<String> args, PrintStream out) throws InterruptedException {
    SqlscoreServer server;
    try {
      server = SqlscoreServer.start(config(args), new ServerLog(System.err));
    } catch (SqlscoreException e) {
      out.println("sqlscore serve: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sqlscore-serve-stop"));
    server.awaitTermination();
    return 0;
  }

  /** The configuration the arguments ask for; bad arguments are a user error. */
  static ServerConfig config(List<String> arguments) {
    CommandArgs args = new CommandArgs(arguments, OPTIONS);
    args.requirePositional(0, "only options (" + USAGE + ")");
    String db = args.value("--db", null);
    if (db == null) {
      throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT, "serve needs --db FILE, the DuckDB database to serve");
    }
    Path database = Path.of(db);
    if (!Files.exists(database)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "the database %s does not exist; create it first (./sqlscore --db %s)", db, db);
    }
    ServerConfig defaults = ServerConfig.defaults(database);
    ServerConfig config = defaults
        .withAddress(args.value("--host", defaults.host()), args.integer("--port", defaults.port(), 0, 65535))
        .withUsers(Path.of(args.value("--users", defaults.users().toString())))
        .withLifetimes(Duration.ofHours(args.integer("--token-hours", 8, 1)),
            Duration.ofMinutes(args.integer("--idle-minutes", 60, 1)))
        .withStatementTimeout(args.integer("--statement-timeout", 0, 0))
        .withMaxSessions(args.integer("--max-sessions", defaults.maxSessions(), 1));
    List<String> tls = args.values("--tls");
    if (tls != null) {
      for (String file : tls) {
        if (!Files.isReadable(Path.of(file))) {
          throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "cannot read the TLS file %s", file);
        }
      }
      config = config.withTls(Path.of(tls.get(0)), Path.of(tls.get(1)));
    }
    return args.has("--no-auth") ? config.withNoAuth() : config;
  }
}

package io.sqlscore.server;

import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.engine.Engine;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.server.auth.AnonymousAuthenticator;
import io.sqlscore.server.auth.Logins;
import io.sqlscore.server.auth.PasswordAuthenticator;
import io.sqlscore.server.auth.UserFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * {@code sqlscore serve}: an Arrow Flight SQL server over one DuckDB database. Clients sign in
 * with a user name and password from the users file (or, with {@code --no-auth} on a loopback
 * address, not at all), get a session of their own, and run SQL with PREDICT and
 * EXPLAIN_PREDICT as their role allows; results stream as Arrow record batches. The server's
 * Arrow memory is a child of the engine's root allocator.
 */
public final class SqlscoreServer implements AutoCloseable {
  /** The largest message a client may send (a statement, a batch of parameters). */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  private final ServerConfig config;
  private final ServerLog log;
  private final Session anchor;
  private final DuckDBConnection catalogConnection;
  private final BufferAllocator allocator;
  private final SqlscoreProducer producer;
  private final FlightServer server;

  private SqlscoreServer(ServerConfig config, ServerLog log, Session anchor, DuckDBConnection catalogConnection,
      BufferAllocator allocator, SqlscoreProducer producer, FlightServer server) {
    this.config = config;
    this.log = log;
    this.anchor = anchor;
    this.catalogConnection = catalogConnection;
    this.allocator = allocator;
    this.producer = producer;
    this.server = server;
  }

  /** Starts serving; fails with a user error for a configuration that must not run. */
  public static SqlscoreServer start(ServerConfig config, ServerLog log) {
    if (config.noAuth() && !isLoopback(config.host())) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "--no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost), not on %s; "
              + "add users with ./sqlscore users add and leave out --no-auth", config.host());
    }
    Logins logins = new Logins(config.tokenLifetime(), Clock.systemUTC());
    CallHeaderAuthenticator authenticator;
    if (config.noAuth()) {
      authenticator = new AnonymousAuthenticator(logins);
    } else {
      PasswordAuthenticator passwords = new PasswordAuthenticator(new UserFile(config.users()), logins,
          user -> log.line("failed sign-in user=" + user));
      if (!passwords.hasUsers()) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "the users file %s has no users; add one with ./sqlscore users add NAME --role admin --users %s "
                + "(or serve without sign-in with --no-auth, loopback only)", config.users(), config.users());
      }
      authenticator = passwords;
    }
    Session anchor = Session.open(config.database().toString(), new Properties());
    DuckDBConnection catalogConnection = null;
    BufferAllocator allocator = null;
    SqlscoreProducer producer = null;
    try {
      anchor.registry();
      catalogConnection = DuckDbConnections.duplicate(anchor.duck());
      allocator = Engine.get().memory().newChild("flight-server");
      producer = new SqlscoreProducer(config, logins, log, allocator, catalogConnection);
      Location location = config.tls()
          ? Location.forGrpcTls(config.host(), config.port())
          : Location.forGrpcInsecure(config.host(), config.port());
      FlightServer.Builder builder = FlightServer.builder(allocator, location, producer)
          .headerAuthenticator(authenticator)
          .maxInboundMessageSize(MAX_MESSAGE_BYTES);
      if (config.tls()) {
        builder.useTls(config.tlsCertificate().toFile(), config.tlsKey().toFile());
      }
      FlightServer server = builder.build().start();
      if (!config.tls() && !isLoopback(config.host())) {
        log.line("warning: listening on " + config.host() + " without TLS: passwords and results cross the "
            + "network in clear; start with --tls cert.pem key.pem");
      }
      log.line("listening on " + (config.tls() ? "grpc+tls" : "grpc+tcp") + "://" + config.host() + ":"
          + server.getPort() + " database=" + config.database()
          + (config.noAuth() ? " auth=none (loopback only)" : " users=" + config.users()));
      return new SqlscoreServer(config, log, anchor, catalogConnection, allocator, producer, server);
    } catch (IOException | RuntimeException e) {
      RuntimeException failure = e instanceof RuntimeException ? (RuntimeException) e
          : new SqlscoreException(ErrorCode.CONNECTION_FAILURE,
              "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
      closeAfterFailure(failure, producer, catalogConnection, allocator, anchor);
      throw failure;
    }
  }

  private static void closeAfterFailure(RuntimeException failure, AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        try {
          resource.close();
        } catch (Exception e) {
          failure.addSuppressed(e);
        }
      }
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** The configuration it runs with. */
  public ServerConfig config() {
    return config;
  }

  /** Sessions open now. */
  public int openSessions() {
    return producer.sessions().size();
  }

  /** Bytes of Arrow memory the server holds now (results, parameters, transport). */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Blocks until the server stops. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops listening, ends every session and releases the server's memory. */
  @Override
  public void close() {
    try {
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close();
      try {
        catalogConnection.close();
      } catch (SQLException e) {
        log.line("closing the catalog connection failed: " + e.getMessage());
      }
      anchor.close();
      log.line("stopped");
      allocator.close();
    }
  }
}

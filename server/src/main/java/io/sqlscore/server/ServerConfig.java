package io.sqlscore.server;

import java.nio.file.Path;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How a server runs.
 *
 * @param database the DuckDB file served
 * @param host the address to bind (loopback by default)
 * @param port the port (0: any free port)
 * @param users the users file
 * @param tlsCertificate the PEM certificate chain for TLS, or null for plain TCP
 * @param tlsKey the PEM (PKCS#8) private key for TLS, or null
 * @param noAuth whether clients connect without signing in (loopback only)
 * @param tokenLifetime how long a bearer token is accepted after sign-in
 * @param sessionIdle how long a session may stay unused before it ends
 * @param statementTimeoutSeconds seconds a statement may run, until its result is read (0: no limit)
 * @param maxSessions the most sessions open at once
 * @param unfetchedResultTimeout how long an executed result waits to be fetched
 */
public record ServerConfig(Path database, String host, int port, Path users, @Nullable Path tlsCertificate,
    @Nullable Path tlsKey, boolean noAuth, Duration tokenLifetime, Duration sessionIdle,
    int statementTimeoutSeconds, int maxSessions, Duration unfetchedResultTimeout) {
  /** The default port. */
  public static final int DEFAULT_PORT = 31337;
  /** The default users file, in the working directory. */
  public static final Path DEFAULT_USERS = Path.of("sqlscore-users.txt");

  /** The defaults for serving {@code database}. */
  public static ServerConfig defaults(Path database) {
    return new ServerConfig(database, "127.0.0.1", DEFAULT_PORT, DEFAULT_USERS, null, null, false,
        Duration.ofHours(8), Duration.ofMinutes(60), 0, 256, Duration.ofMinutes(5));
  }

  /** With another address and port. */
  public ServerConfig withAddress(String newHost, int newPort) {
    return new ServerConfig(database, newHost, newPort, users, tlsCertificate, tlsKey, noAuth, tokenLifetime,
        sessionIdle, statementTimeoutSeconds, maxSessions, unfetchedResultTimeout);
  }

  /** With another users file. */
  public ServerConfig withUsers(Path file) {
    return new ServerConfig(database, host, port, file, tlsCertificate, tlsKey, noAuth, tokenLifetime,
        sessionIdle, statementTimeoutSeconds, maxSessions, unfetchedResultTimeout);
  }

  /** With TLS from a certificate chain and key. */
  public ServerConfig withTls(Path certificate, Path key) {
    return new ServerConfig(database, host, port, users, certificate, key, noAuth, tokenLifetime,
        sessionIdle, statementTimeoutSeconds, maxSessions, unfetchedResultTimeout);
  }

  /** Without authentication. */
  public ServerConfig withNoAuth() {
    return new ServerConfig(database, host, port, users, tlsCertificate, tlsKey, true, tokenLifetime,
        sessionIdle, statementTimeoutSeconds, maxSessions, unfetchedResultTimeout);
  }

  /** With other token and idle-session lifetimes. */
  public ServerConfig withLifetimes(Duration token, Duration idle) {
    return new ServerConfig(database, host, port, users, tlsCertificate, tlsKey, noAuth, token,
        idle, statementTimeoutSeconds, maxSessions, unfetchedResultTimeout);
  }

  /** With another statement timeout. */
  public ServerConfig withStatementTimeout(int seconds) {
    return new ServerConfig(database, host, port, users, tlsCertificate, tlsKey, noAuth, tokenLifetime,
        sessionIdle, seconds, maxSessions, unfetchedResultTimeout);
  }

  /** With another limit on open sessions. */
  public ServerConfig withMaxSessions(int sessions) {
    return new ServerConfig(database, host, port, users, tlsCertificate, tlsKey, noAuth, tokenLifetime,
        sessionIdle, statementTimeoutSeconds, sessions, unfetchedResultTimeout);
  }

  /** Whether TLS is on. */
  public boolean tls() {
    return tlsCertificate != null;
  }
}

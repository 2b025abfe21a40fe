package io.sqlscore.server;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.server.auth.Login;
import io.sqlscore.server.auth.Logins;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open client sessions, one per sign-in: opened on a client's first call, ended when the
 * client closes it, when it has been idle too long, when its sign-in expires, or when the server
 * stops. Logs one line when each starts and ends.
 */
final class ClientSessions implements AutoCloseable {
  private final ServerConfig config;
  private final Logins logins;
  private final ServerLog log;
  private final Consumer<ClientSession> onEnd;
  private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();

  /** Sessions on the server's database; {@code onEnd} runs as each ends, before it closes. */
  ClientSessions(ServerConfig config, Logins logins, ServerLog log, Consumer<ClientSession> onEnd) {
    this.config = config;
    this.logins = logins;
    this.log = log;
    this.onEnd = onEnd;
  }

  /** The session of {@code login}, opened on first use. */
  ClientSession of(Login login) {
    ClientSession existing = sessions.get(login.id());
    if (existing != null) {
      return existing;
    }
    synchronized (this) {
      existing = sessions.get(login.id());
      if (existing != null) {
        return existing;
      }
      if (sessions.size() >= config.maxSessions()) {
        throw SqlscoreException.of(ErrorCode.OUT_OF_MEMORY,
            "the server has its maximum of %d sessions open; close idle connections or start the server "
                + "with a higher --max-sessions", config.maxSessions());
      }
      ClientSession session = ClientSession.open(login, config.database().toString(),
          config.statementTimeoutSeconds());
      sessions.put(login.id(), session);
      log.line("session start user=" + login.user() + " role=" + login.role().label() + " session=" + login.id()
          + " sessions=" + sessions.size());
      return session;
    }
  }

  /** The open session of a sign-in, if any. */
  Optional<ClientSession> existing(Login login) {
    return Optional.ofNullable(sessions.get(login.id()));
  }

  /** Ends a session; {@code reason} goes to the log. */
  void end(ClientSession session, String reason) {
    if (!sessions.remove(session.login().id(), session)) {
      return;
    }
    try {
      onEnd.accept(session);
    } finally {
      session.close();
      if (session.login().user().equals("anonymous")) {
        logins.forget(session.login());
      }
      log.line("session end user=" + session.login().user() + " session=" + session.login().id() + " reason=" + reason
          + " statements=" + session.statements() + " seconds=" + session.ageSeconds());
    }
  }

  /** Ends the sessions whose sign-in expired and those idle longer than the configured time. */
  void sweep() {
    for (Login expired : logins.expire()) {
      existing(expired).ifPresent(session -> end(session, "sign-in expired"));
    }
    Duration idle = config.sessionIdle();
    for (ClientSession session : new ArrayList<>(sessions.values())) {
      if (!session.busy() && session.idleNanos() > idle.toNanos()) {
        end(session, "idle");
      }
    }
  }

  /** The number of open sessions. */
  int size() {
    return sessions.size();
  }

  /** Ends every session. */
  @Override
  public void close() {
    List<ClientSession> all = new ArrayList<>(sessions.values());
    for (ClientSession session : all) {
      end(session, "server stopping");
    }
  }
}

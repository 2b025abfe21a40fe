package io.sqlscore.server.auth;

import java.util.Optional;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * The authentication of {@code --no-auth} (loopback only): every client is the admin
 * {@code anonymous}, and its session follows a cookie the server sets on its first call, which
 * Flight SQL clients with cookie support (the JDBC driver) send back.
 */
public final class AnonymousAuthenticator implements CallHeaderAuthenticator {
  /** The name of the session cookie. */
  public static final String COOKIE = "sqlscore_session";

  private final Logins logins;

  /** Signs clients in to {@code logins}. */
  public AnonymousAuthenticator(Logins logins) {
    this.logins = logins;
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    Optional<Login> known = sessionCookie(headers).flatMap(logins::byId);
    if (known.isPresent()) {
      String id = known.get().id();
      return () -> id;
    }
    Login login = logins.anonymous();
    return new IssuedIdentity(login.id(), "Set-Cookie", COOKIE + "=" + login.id());
  }

  private static Optional<String> sessionCookie(CallHeaders headers) {
    Iterable<String> values = headers.getAll("cookie");
    if (values == null) {
      return Optional.empty();
    }
    for (String header : values) {
      for (String part : header.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(COOKIE)) {
          return Optional.of(part.substring(eq + 1).trim());
        }
      }
    }
    return Optional.empty();
  }
}

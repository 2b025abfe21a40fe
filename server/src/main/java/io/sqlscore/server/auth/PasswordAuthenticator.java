package io.sqlscore.server.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.auth2.Auth2Constants;
import org.apache.arrow.flight.auth2.AuthUtilities;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Flight's basic-then-bearer authentication against the users file: a call with a user name and
 * password (HTTP basic) that match gets a new bearer token in its response headers; later calls
 * present the token. A wrong password, an unknown user and a bad or expired token all fail with
 * the same {@code UNAUTHENTICATED} message, and an unknown user costs the same hashing time as a
 * known one, so that nothing tells which user names exist. The users file is read again when it
 * changes, so users added while the server runs can sign in.
 */
public final class PasswordAuthenticator implements CallHeaderAuthenticator {
  /** The message of every failed authentication. */
  public static final String FAILED = "authentication failed: wrong user name or password, or the token "
      + "is invalid or expired; sign in again with a user name and password";

  private final UserFile file;
  private final Logins logins;
  private final Consumer<String> failedLogin;
  private final Map<Integer, String> decoys = new ConcurrentHashMap<>();
  private volatile Map<String, UserFile.User> users = Map.of();
  private volatile FileTime readAt;

  /**
   * Authenticates against {@code file}, signing clients in to {@code logins}; each failed
   * sign-in is reported to {@code failedLogin} with the user name tried.
   */
  public PasswordAuthenticator(UserFile file, Logins logins, Consumer<String> failedLogin) {
    this.file = file;
    this.logins = logins;
    this.failedLogin = failedLogin;
    users = file.read();
  }

  /** Whether the users file has at least one user. */
  public boolean hasUsers() {
    return !currentUsers().isEmpty();
  }

  @Override
  public AuthResult authenticate(CallHeaders headers) {
    String bearer = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BEARER_PREFIX);
    if (bearer != null) {
      Login login = logins.byToken(bearer).orElseThrow(PasswordAuthenticator::failure);
      return login::id;
    }
    String basic = AuthUtilities.getValueFromAuthHeader(headers, Auth2Constants.BASIC_PREFIX);
    if (basic == null) {
      throw failure();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(basic.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw failure();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw failure();
    }
    String name = decoded.substring(0, colon);
    char[] password = decoded.substring(colon + 1).toCharArray();
    UserFile.User user = currentUsers().get(name);
    boolean matches;
    if (user != null) {
      matches = PasswordHash.matches(password, user.passwordHash());
    } else {
      PasswordHash.matches(password, decoy()); // the same work as for a known user
      matches = false;
    }
    java.util.Arrays.fill(password, '\0');
    if (!matches) {
      failedLogin.accept(name);
      throw failure();
    }
    String token = logins.issue(user.name(), user.role());
    Login login = logins.byToken(token).orElseThrow(PasswordAuthenticator::failure);
    return new IssuedIdentity(login.id(), Auth2Constants.AUTHORIZATION_HEADER, Auth2Constants.BEARER_PREFIX + token);
  }

  /** A hash with the iteration count of the users' hashes, checked for unknown users. */
  private String decoy() {
    int iterations = currentUsers().values().stream().mapToInt(u -> PasswordHash.iterations(u.passwordHash()))
        .max().orElse(PasswordHash.DEFAULT_ITERATIONS);
    return decoys.computeIfAbsent(iterations, n -> PasswordHash.create("decoy".toCharArray(), n));
  }

  private Map<String, UserFile.User> currentUsers() {
    try {
      FileTime modified = Files.exists(file.path()) ? Files.getLastModifiedTime(file.path()) : null;
      if (modified != null && !modified.equals(readAt)) {
        users = file.read();
        readAt = modified;
      }
    } catch (java.io.IOException e) {
      // Keep the users read last.
    }
    return users;
  }

  private static FlightRuntimeException failure() {
    return CallStatus.UNAUTHENTICATED.withDescription(FAILED).toRuntimeException();
  }
}

package io.sqlscore.server.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients signed in to the server: bearer tokens (32 random bytes) mapped to their
 * {@link Login}s, which expire a fixed time after sign-in.
 */
public final class Logins {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Login> byToken = new ConcurrentHashMap<>();
  private final Map<String, Login> byId = new ConcurrentHashMap<>();

  /** Logins whose tokens live {@code lifetime}, timed by {@code clock}. */
  public Logins(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** Signs {@code user} in; returns the new bearer token. */
  public String issue(String user, Role role) {
    String token = randomText(32);
    Login login = new Login(randomText(12), user, role, clock.instant().plus(lifetime));
    byId.put(login.id(), login);
    byToken.put(token, login);
    return token;
  }

  /** A login without token, for {@code --no-auth}: admin, never expires, ends with its session. */
  public Login anonymous() {
    Login login = new Login(randomText(12), "anonymous", Role.ADMIN, Instant.MAX);
    byId.put(login.id(), login);
    return login;
  }

  /** The login of an unexpired token. */
  public Optional<Login> byToken(String token) {
    Login login = byToken.get(token);
    return login == null || login.expiredAt(clock.instant()) ? Optional.empty() : Optional.of(login);
  }

  /** The login with session key {@code id}, expired or not. */
  public Optional<Login> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Whether the login is still valid (known and unexpired). */
  public boolean isValid(Login login) {
    return byId.containsKey(login.id()) && !login.expiredAt(clock.instant());
  }

  /** Forgets the expired logins and returns them. */
  public List<Login> expire() {
    Instant now = clock.instant();
    List<Login> expired = new ArrayList<>();
    byToken.values().removeIf(login -> login.expiredAt(now));
    byId.values().removeIf(login -> {
      if (login.expiredAt(now)) {
        expired.add(login);
        return true;
      }
      return false;
    });
    return expired;
  }

  /** Forgets a login (its token stops working). */
  public void forget(Login login) {
    byId.remove(login.id());
    byToken.values().removeIf(l -> l.id().equals(login.id()));
  }

  private static String randomText(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}

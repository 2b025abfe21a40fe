package io.sqlscore.server.auth;

import java.time.Instant;

/**
 * A signed-in client: the key of its server session (Flight's peer identity, never the token
 * itself), the user and role it signed in as, and when its token expires.
 *
 * @param id the session key
 * @param user the user name ({@code anonymous} under {@code --no-auth})
 * @param role what the user may do
 * @param expires when the token stops being accepted
 */
public record Login(String id, String user, Role role, Instant expires) {
  /** Whether the token has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expires);
  }
}

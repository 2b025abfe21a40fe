package io.sqlscore.server.auth;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator.AuthResult;

/** The result of a sign-in that hands the client something to send back: a token or a cookie. */
final class IssuedIdentity implements AuthResult {
  private final String identity;
  private final String header;
  private final String value;

  /** Identifies the call as {@code identity} and adds header {@code header: value} to the response. */
  IssuedIdentity(String identity, String header, String value) {
    this.identity = identity;
    this.header = header;
    this.value = value;
  }

  @Override
  public String getPeerIdentity() {
    return identity;
  }

  @Override
  public void appendToOutgoingHeaders(CallHeaders outgoing) {
    outgoing.insert(header, value);
  }
}

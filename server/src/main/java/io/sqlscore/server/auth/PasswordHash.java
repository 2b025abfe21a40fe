package io.sqlscore.server.auth;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes: PBKDF2 with HMAC-SHA256 (the JDK's), a random 16-byte salt per
 * user and a high iteration count, written as {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt and
 * hash in Base64). Passwords are never stored.
 */
public final class PasswordHash {
  /** Iterations for new hashes (OWASP's recommendation for PBKDF2-HMAC-SHA256). */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {}

  /** A new hash of {@code password} with a fresh salt. */
  public static String create(char[] password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code encoded}; compares in constant time. */
  public static boolean matches(char[] password, String encoded) {
    String[] parts = encoded.split(":");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "a password hash must read %s:ITERATIONS:SALT:HASH; re-add the user with ./sqlscore users add", SCHEME);
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] expected = b64.decode(parts[3]);
    byte[] actual = derive(password, b64.decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  /** The iteration count of {@code encoded}. */
  public static int iterations(String encoded) {
    return Integer.parseInt(encoded.split(":")[1]);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}

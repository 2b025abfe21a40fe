package io.sqlscore.server.auth;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The users file: one user a line, {@code NAME:ROLE:HASH} with the {@link PasswordHash} of the
 * password; lines starting with {@code #} are comments. Written atomically and readable only by
 * its owner.
 */
public final class UserFile {
  /**
   * One user.
   *
   * @param name the user name
   * @param role what the user may do
   * @param passwordHash the salted hash of the password
   */
  public record User(String name, Role role, String passwordHash) {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  private static final String HEADER = "# sqlscore users: NAME:ROLE:pbkdf2-sha256:ITERATIONS:SALT:HASH";

  private final Path path;

  /** The users file at {@code path} (which need not exist yet). */
  public UserFile(Path path) {
    this.path = path;
  }

  /** Where the file is. */
  public Path path() {
    return path;
  }

  /** The users by name; none when the file does not exist. */
  public Map<String, User> read() {
    Map<String, User> users = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return users;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR, "cannot read the users file " + path + ": " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(":", 3);
      if (parts.length != 3 || !NAME.matcher(parts[0]).matches()) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "line %d of the users file %s is not NAME:ROLE:HASH; fix or remove it", i + 1, path);
      }
      users.put(parts[0], new User(parts[0], Role.parse(parts[1]), parts[2]));
    }
    return users;
  }

  /** Adds a user; fails if the name is taken. */
  public void add(String name, Role role, char[] password, int iterations) {
    checkNewUser(name);
    if (password.length == 0) {
      throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT, "the password is empty; give a password");
    }
    Map<String, User> users = read();
    users.put(name, new User(name, role, PasswordHash.create(password, iterations)));
    write(users);
  }

  /**
   * Fails unless {@code name} is a well-formed user name not yet in the file: what {@link #add}
   * checks, for a command to check before it asks for the password.
   */
  public void checkNewUser(String name) {
    if (!NAME.matcher(name).matches()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "user name '%s' must be 1 to 64 letters, digits or _ . @ -", name);
    }
    if (read().containsKey(name)) {
      throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
          "user '%s' already exists in %s; remove it first with ./sqlscore users remove %s", name, path, name);
    }
  }

  /** Removes a user; fails if there is none by that name. */
  public void remove(String name) {
    Map<String, User> users = read();
    if (users.remove(name) == null) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "there is no user '%s' in %s", name, path);
    }
    write(users);
  }

  private void write(Map<String, User> users) {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    for (User user : users.values()) {
      lines.add(user.name() + ":" + user.role().label() + ":" + user.passwordHash());
    }
    Path dir = path.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".sqlscore-users", ".tmp");
      try {
        ownerOnly(temp);
        Files.write(temp, lines, StandardCharsets.UTF_8);
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the users file " + path, e);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the directory's permissions apply.
    }
  }
}

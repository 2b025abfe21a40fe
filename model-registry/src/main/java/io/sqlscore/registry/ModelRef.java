package io.sqlscore.registry;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A reference to a model version as users write it: {@code name} (the latest version),
 * {@code name@3} (a version) or {@code name@alias} ({@code latest} is a built-in alias). Names
 * and aliases are SQL identifiers, matched case-insensitively.
 */
public final class ModelRef {
  /** The built-in alias of the newest version. */
  public static final String LATEST = "latest";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  private final String name;
  private final String qualifier;

  private ModelRef(String name, String qualifier) {
    this.name = name;
    this.qualifier = qualifier;
  }

  /** Parses {@code name}, {@code name@N} or {@code name@alias}. */
  public static ModelRef parse(String text) {
    String trimmed = text.trim();
    int at = trimmed.indexOf('@');
    String name = at < 0 ? trimmed : trimmed.substring(0, at);
    String qualifier = at < 0 ? null : trimmed.substring(at + 1);
    checkIdentifier(name, "model name", text);
    if (qualifier != null && !qualifier.chars().allMatch(Character::isDigit)) {
      checkIdentifier(qualifier, "alias", text);
    }
    if (qualifier != null && qualifier.isEmpty()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "model reference '%s' has nothing after '@'; write name, name@version or name@alias", text);
    }
    return new ModelRef(name, qualifier);
  }

  /** Checks that {@code text} is a valid model or alias identifier. */
  static void checkIdentifier(String text, String what, String context) {
    if (!IDENTIFIER.matcher(text).matches()) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "'%s' is not a valid %s in '%s'; use letters, digits and underscores, starting with a letter",
          text, what, context);
    }
  }

  /** The model name as written. */
  public String name() {
    return name;
  }

  /** The explicit version, if the reference names one. */
  public OptionalLong version() {
    if (qualifier != null && qualifier.chars().allMatch(Character::isDigit)) {
      return OptionalLong.of(Long.parseLong(qualifier));
    }
    return OptionalLong.empty();
  }

  /** The alias, lower-cased, if the reference names one ({@code latest} when none is given). */
  public String alias() {
    return qualifier == null ? LATEST : qualifier.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return qualifier == null ? name : name + "@" + qualifier;
  }
}

package io.sqlscore.udf;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds {@link Backend}s by name through {@link ServiceLoader}, so that a backend's libraries
 * load only when it is chosen.
 */
public final class Backends {
  private Backends() {}

  /** Every backend on the class path. */
  public static List<Backend> available() {
    List<Backend> found = new ArrayList<>();
    ServiceLoader.load(Backend.class).forEach(found::add);
    return found;
  }

  /**
   * The backend named {@code name} (case-sensitive, e.g. {@code cpu}).
   *
   * @throws SqlscoreException INVALID_ARGUMENT naming the available backends
   */
  public static Backend byName(String name) {
    List<Backend> all = available();
    for (Backend backend : all) {
      if (backend.name().equals(name)) {
        return backend;
      }
    }
    throw SqlscoreException.of(
        ErrorCode.INVALID_ARGUMENT,
        "no backend '%s'; available: %s",
        name,
        all.stream().map(Backend::name).toList());
  }
}

package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options sqlscore cannot run without, checked when a session opens (before the engine
 * touches Arrow or the CPU kernels): the Vector API module, which the CPU scoring kernels are
 * written in, and {@code java.nio} opened to the class path, which Arrow's memory needs. A
 * missing one is one JVM_OPTION_MISSING error naming the exact option and where tools take it,
 * instead of a {@link NoClassDefFoundError} or an Arrow initialisation failure at the first
 * query. docs/jdbc.md says why there is no slower fallback without the Vector API.
 */
public final class JvmOptions {
  /** The option that adds the Vector API module. */
  public static final String VECTOR = "--add-modules=jdk.incubator.vector";
  /** The option that opens java.nio to the class path for Arrow. */
  public static final String NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private JvmOptions() {}

  /** Throws JVM_OPTION_MISSING if this JVM lacks an option sqlscore needs. */
  public static void check() {
    Optional<SqlscoreException> missing = missing();
    if (missing.isPresent()) {
      throw missing.get();
    }
  }

  /** The JVM_OPTION_MISSING error for the options this JVM lacks, if any. */
  public static Optional<SqlscoreException> missing() {
    List<String> options = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      options.add(VECTOR);
      reasons.add("the CPU scoring kernels use the Vector API");
    }
    if (!Buffer.class.getModule().isOpen("java.nio", JvmOptions.class.getModule())) {
      options.add(NIO);
      reasons.add("Arrow reads its buffers' addresses through java.nio");
    }
    if (options.isEmpty()) {
      return Optional.empty();
    }
    String list = String.join(" ", options);
    return Optional.of(SqlscoreException.of(ErrorCode.JVM_OPTION_MISSING,
        "the JVM running sqlscore was started without %s (%s). Add %s to the JVM options of the "
            + "application that loads the driver: after 'java' on its command line; in DBeaver, on new lines "
            + "after -vmargs in dbeaver.ini; in IntelliJ IDEA or DataGrip, Help > Edit Custom VM Options; "
            + "in other tools, their JVM or VM options setting (or the JDK_JAVA_OPTIONS environment variable). "
            + "Then restart the application",
        list, String.join("; ", reasons), list));
  }
}

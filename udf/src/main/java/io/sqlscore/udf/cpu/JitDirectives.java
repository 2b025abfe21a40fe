package io.sqlscore.udf.cpu;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Keeps HotSpot's C2 compiler from inlining {@link VectorMath}'s loops into the kernels that call
 * them, once per JVM, through HotSpot's compiler directives (what {@code jcmd Compiler.directives_add}
 * does). On JDK 17, when C2 compiles {@code VectorMath.exp} inlined into a large caller (an
 * ARM-Net entmax step, say), the Vector API's store intrinsic can fail ("failed to inline
 * (intrinsic)" under {@code PrintInlining}) and the stores fall back to Java code, which made
 * ARM-Net+ forward passes 3-10x slower for the rest of the process. Whether it happens depends on
 * the order C2 compiles things in, so it struck processes whose compiler was busy when the
 * kernels warmed up (a Flink job starting, a server planning queries) and not a benchmark alone.
 * Compiled on their own, the loops always keep their intrinsics, and they cost the same or less
 * (bench-kernel, docs/performance.md). A JVM without these directives (not HotSpot, or a
 * security manager refusing the MBean) goes on without them.
 */
final class JitDirectives {
  static final String DIRECTIVES =
      "[{ match: \"io/sqlscore/*.*\", inline: \"-io/sqlscore/udf/cpu/VectorMath.*\" }]";
  private static final Object LOCK = new Object();
  private static String outcome;

  private JitDirectives() {}

  /** Installs the directives unless this JVM already has them; returns what HotSpot answered, or why not. */
  static String install() {
    synchronized (LOCK) {
      if (outcome == null) {
        outcome = add();
      }
      return outcome;
    }
  }

  private static String add() {
    Path file = null;
    try {
      file = Files.createTempFile("sqlscore-jit", ".json");
      Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
      Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
          new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
      return String.valueOf(answer).trim();
    } catch (Exception | LinkageError e) {
      return "not installed: " + e;
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (Exception e) {
          // A temporary file of 80 bytes; deleted with the temporary folder.
        }
      }
    }
  }
}

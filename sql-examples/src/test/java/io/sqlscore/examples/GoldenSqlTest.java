package io.sqlscore.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.hydromatic.quidem.Quidem;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden script ({@code examples/*.iq}) and compares Quidem's output with the
 * script. Run with {@code -Dgolden.update=true} to write the actual output back into the
 * scripts after reviewing a change, and with {@code -Dgolden.script=name.iq} to run one script.
 *
 * <p>With {@code -Dsqlscore.golden.device=gpu} (or {@code cpu}) every connection starts with that
 * device setting, and the output is compared by {@link DeviceTolerance}: the scripts' expected
 * output is the CPU's, and on the GPU plans name another device and scores may differ within the
 * backend's tolerance. The tests/gpu check runs them so on a GPU machine.
 */
class GoldenSqlTest {
  private static final Path HOME =
      Path.of(System.getProperty("sqlscore.repo", "..")).resolve("sql-examples").toAbsolutePath().normalize();
  /** The device setting every connection starts with; empty for the driver's default. */
  private static final String DEVICE = System.getProperty("sqlscore.golden.device", "");

  @TestFactory
  Stream<DynamicTest> goldenScripts() throws IOException {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(HOME.resolve("examples"))) {
      String only = System.getProperty("golden.script", "");
      scripts = files.filter(p -> p.toString().endsWith(".iq"))
          .filter(p -> only.isEmpty() || p.getFileName().toString().equals(only))
          .sorted().collect(Collectors.toList());
    }
    assertTrue(!scripts.isEmpty(), "no golden scripts under " + HOME.resolve("examples"));
    return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> run(script)));
  }

  private static void run(Path script) throws Exception {
    String expected = Files.readString(script, StandardCharsets.UTF_8);
    StringWriter actual = new StringWriter();
    try (Reader reader = Files.newBufferedReader(script, StandardCharsets.UTF_8)) {
      new OrderedOutputQuidem(Quidem.configBuilder()
          .withReader(reader)
          .withWriter(actual)
          .withConnectionFactory(new ExampleConnections(HOME, DEVICE))
          .build()).execute();
    }
    String output = actual.toString();
    if (!DEVICE.isEmpty()) {
      compareOnDevice(script, expected, output);
      return;
    }
    if (!output.equals(expected)) {
      if (Boolean.getBoolean("golden.update")) {
        Files.writeString(script, output, StandardCharsets.UTF_8);
        return;
      }
      Path out = HOME.resolve("target/golden").resolve(script.getFileName());
      Files.createDirectories(out.getParent());
      Files.writeString(out, output, StandardCharsets.UTF_8);
      fail("golden script " + script.getFileName() + " differs from its expected output; actual output in "
          + out + "\n" + firstDifference(expected, output));
    }
  }

  /** The comparison of a run with a device setting: what may differ is in {@link DeviceTolerance}. */
  private static void compareOnDevice(Path script, String expected, String output) throws IOException {
    DeviceTolerance.Result result = DeviceTolerance.compare(expected, output);
    Path out = HOME.resolve("target/golden").resolve(script.getFileName() + "." + DEVICE);
    Files.createDirectories(out.getParent());
    Files.writeString(out, output, StandardCharsets.UTF_8);
    System.out.printf("golden script %s on device %s: %d lines equal only within %.0e, %d differences (output in %s)%n",
        script.getFileName(), DEVICE, result.linesWithinTolerance(), DeviceTolerance.TOLERANCE,
        result.differences().size(), out);
    if (!result.differences().isEmpty()) {
      fail("golden script " + script.getFileName() + " on device " + DEVICE + " differs from its expected output"
          + " beyond the device tolerance; actual output in " + out + "\n"
          + String.join("\n", result.differences().subList(0, Math.min(10, result.differences().size()))));
    }
  }

  /**
   * Quidem sorts the rows of a query without ORDER BY before comparing; sqlscore's own
   * statements (DESCRIBE, SHOW, EXPLAIN) return rows in a defined order, which is kept.
   */
  private static final class OrderedOutputQuidem extends Quidem {
    OrderedOutputQuidem(Quidem.Config config) {
      super(config);
    }

    @Override
    public boolean isProbablyDeterministic(String sql) {
      String head = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
      return head.startsWith("DESCRIBE") || head.startsWith("SHOW") || head.startsWith("EXPLAIN")
          || super.isProbablyDeterministic(sql);
    }
  }

  private static String firstDifference(String expected, String actual) {
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of file>";
      if (!el.equals(al)) {
        return "first difference at line " + (i + 1) + ":\n  expected: " + el + "\n  actual:   " + al;
      }
    }
    return "";
  }
}

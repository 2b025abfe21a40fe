package io.sqlscore.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver jar as a JDBC tool uses it: a fresh JVM with only {@code sqlscore-jdbc-<version>.jar}
 * on its class path imports a model and scores through {@code DriverManager}; started without
 * each JVM option the driver needs, it gets one SQLException that names the option (never a raw
 * Error); the jar registers the driver and relocates what would clash with a host application.
 */
class ShadedDriverIT {
  private static final String VECTOR = "--add-modules=jdk.incubator.vector";
  private static final String NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  @TempDir Path dir;

  /** What a child JVM printed and returned. */
  private record Run(int exitCode, String output) {}

  @Test
  void aFreshJvmWithOnlyTheJarScoresAndExplainsThroughDriverManager() throws Exception {
    Run run = probe(List.of(VECTOR, NIO), "score", repo().toString(), dir.resolve("probe.duckdb").toString());
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("created income@1"), run.output());
    assertTrue(run.output().contains("predicted 2000 rows, average 0."), run.output());
    assertTrue(run.output().contains("explained: top field "), run.output());
    for (String name : List.of("com.fasterxml.jackson.databind.ObjectMapper", "com.google.common.collect.ImmutableList",
        "org.apache.commons.lang3.StringUtils", "io.netty.buffer.ByteBuf")) {
      assertTrue(run.output().contains("relocated " + name), run.output());
    }
  }

  @Test
  void withoutTheVectorModuleConnectingIsOneSqlExceptionNamingTheOption() throws Exception {
    Run run = probe(List.of(NIO), "connect");
    assertMissing(run, VECTOR);
    assertFalse(run.output().contains(NIO), run.output());
  }

  @Test
  void withoutJavaNioOpenedConnectingIsOneSqlExceptionNamingTheOption() throws Exception {
    Run run = probe(List.of(VECTOR), "connect");
    assertMissing(run, NIO);
    assertFalse(run.output().contains(VECTOR + " "), run.output());
  }

  @Test
  void theJarRegistersTheDriverAndCarriesNoLoggingBinding() throws IOException {
    try (JarFile jar = new JarFile(driverJar().toFile())) {
      String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(services.lines().anyMatch("io.sqlscore.jdbc.SqlscoreDriver"::equals), services);
      assertFalse(services.contains("org.apache.calcite"), "Calcite's own drivers are not registered: " + services);
      List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
      assertTrue(names.contains("org/slf4j/Logger.class"), "slf4j-api is in the jar");
      assertFalse(names.stream().anyMatch(n -> n.startsWith("org/slf4j/nop/") || n.startsWith("org/slf4j/simple/")
          || n.startsWith("ch/qos/logback/")), "no logging binding");
      assertFalse(names.stream().anyMatch(n -> n.startsWith("com/fasterxml/") || n.startsWith("com/google/common/")),
          "Jackson and Guava are relocated");
      assertTrue(names.stream().anyMatch(n -> n.startsWith("libduckdb_java")), "DuckDB's native library is inside");
    }
  }

  private static void assertMissing(Run run, String option) {
    assertEquals(2, run.exitCode(), "an SQLException, not a raw Error: " + run.output());
    String line = run.output().lines().filter(l -> l.startsWith("SQLException")).findFirst().orElse("");
    assertTrue(line.startsWith("SQLException sqlstate=55V01 code="), run.output());
    assertTrue(line.contains("JVM_OPTION_MISSING"), line);
    assertTrue(line.contains(option), line);
    assertTrue(line.contains("dbeaver.ini") && line.contains("-vmargs") && line.contains("VM Options"), line);
  }

  private Run probe(List<String> options, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(driverJar().toString());
    command.add(System.getProperty("sqlscore.probe"));
    command.addAll(List.of(args));
    Path output = dir.resolve("probe-" + System.nanoTime() + ".txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the probe JVM did not finish: " + Files.readString(output));
    }
    return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
  }

  private static Path driverJar() {
    Path jar = Path.of(System.getProperty("sqlscore.driverJar"));
    assertTrue(Files.isRegularFile(jar), "the driver jar is built: " + jar);
    return jar;
  }

  private static Path repo() {
    return Path.of(System.getProperty("sqlscore.repo")).toAbsolutePath().normalize();
  }
}

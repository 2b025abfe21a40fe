package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The connector jar for Flink's lib/ (built by the shade plugin at package; failsafe runs this
 * test after it): every class in it is sqlscore's own or relocated under
 * {@code io.sqlscore.flink.shaded}, so none clashes with Flink's Calcite, Jackson or Arrow or
 * with other jars; Flink's factory discovery finds the provider in it; and it scores on its own.
 */
class ConnectorJarIT {
  private static Path jar() {
    return Path.of(System.getProperty("sqlscore.connectorJar"));
  }

  @Test
  void everyClassIsSqlscoresOrRelocated() throws IOException {
    List<String> foreign = new ArrayList<>();
    boolean relocatedJackson = false;
    boolean relocatedArrow = false;
    try (JarFile file = new JarFile(jar().toFile())) {
      for (JarEntry entry : file.stream().toList()) {
        String name = entry.getName().replaceFirst("^META-INF/versions/\\d+/", "");
        if (name.endsWith(".class") && !name.startsWith("io/sqlscore/")) {
          foreign.add(entry.getName());
        }
        relocatedJackson |= name.equals("io/sqlscore/flink/shaded/com/fasterxml/jackson/databind/ObjectMapper.class");
        relocatedArrow |= name.equals("io/sqlscore/flink/shaded/org/apache/arrow/vector/FieldVector.class");
      }
      assertEquals(List.of(), foreign, "classes outside io.sqlscore");
      assertTrue(relocatedJackson && relocatedArrow, "Jackson and Arrow are relocated into the jar");
      assertEquals("io.sqlscore.flink.SqlscoreModelProviderFactory",
          service(file, "org.apache.flink.table.factories.Factory"));
      assertEquals("io.sqlscore.udf.cpu.CpuBackend", service(file, "io.sqlscore.udf.Backend").lines().findFirst()
          .orElseThrow());
    }
  }

  private static String service(JarFile file, String type) throws IOException {
    JarEntry entry = file.getJarEntry("META-INF/services/" + type);
    assertTrue(entry != null, "no service file for " + type);
    return new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  @Test
  void scoresWithNothingButTheJar() throws Exception {
    URL probeClasses = ConnectorJarProbe.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader isolated = new URLClassLoader(new URL[] {jar().toUri().toURL(), probeClasses},
        ClassLoader.getPlatformClassLoader())) {
      @SuppressWarnings("unchecked")
      Supplier<String> probe = (Supplier<String>) isolated.loadClass(ConnectorJarProbe.class.getName())
          .getDeclaredConstructor().newInstance();
      // Backends are found through the context class loader, as in a Flink task (its user code class loader).
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(isolated);
      try {
        assertEquals(7.915722780605101E-4, Double.parseDouble(probe.get()), 1e-9, "the first Adult row's score");
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
    }
  }
}

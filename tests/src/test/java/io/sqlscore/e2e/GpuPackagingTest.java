package io.sqlscore.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.udf.gpu.GpuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The udf artifact on this module's class path (its jar in a {@code verify} run) carries the
 * native GPU library exactly when the gpu-native profile ran, i.e. where nvcc is installed.
 */
class GpuPackagingTest {
  private static final String ENTRY = "native/linux-x86_64/libsqlscore_gpu.so";

  @Test
  void theUdfArtifactShipsTheNativeLibraryWhenNvccBuiltIt() throws Exception {
    Path artifact = Path.of(GpuBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    boolean present;
    if (Files.isDirectory(artifact)) {
      present = Files.isRegularFile(artifact.resolve(ENTRY));
    } else {
      try (ZipFile jar = new ZipFile(artifact.toFile())) {
        present = jar.getEntry(ENTRY) != null;
        if (present) {
          assertTrue(jar.getEntry(ENTRY).getSize() > 100_000, "a real library, not a placeholder");
        }
      }
    }
    assertNotNull(System.getProperty("sqlscore.gpuNative"), "surefire passes the profile's property");
    assertEquals(Boolean.getBoolean("sqlscore.gpuNative"), present, artifact + " holds " + ENTRY);
  }
}

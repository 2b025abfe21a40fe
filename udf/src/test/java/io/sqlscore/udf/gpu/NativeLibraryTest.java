package io.sqlscore.udf.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading the native library never fails hard: every way it can go wrong becomes a reason, and
 * the build ships the library exactly when the gpu-native profile ran.
 */
class NativeLibraryTest {
  private static final boolean BUILT = Boolean.getBoolean("sqlscore.gpuNative");

  @Test
  void aBuildWithoutTheLibrarySaysSo() {
    NativeLibrary library = NativeLibrary.load(null, "/native/linux-x86_64/no-such-library.so");
    assertFalse(library.usable());
    assertTrue(library.reason().startsWith("the native GPU library is not in this build"), library.reason());
  }

  @Test
  void aMissingLibraryFileIsNamed() {
    NativeLibrary library = NativeLibrary.load("/no/such/libsqlscore_gpu.so", NativeLibrary.RESOURCE);
    assertFalse(library.usable());
    assertEquals("the native GPU library /no/such/libsqlscore_gpu.so (-Dsqlscore.gpu.library) does not exist",
        library.reason());
  }

  @Test
  void aBrokenLibraryFileIsAReasonNotAnError(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("libsqlscore_gpu.so");
    Files.writeString(broken, "not an ELF file");
    NativeLibrary library = NativeLibrary.load(broken.toString(), NativeLibrary.RESOURCE);
    assertFalse(library.usable());
    assertTrue(library.reason().startsWith("the native GPU library could not be loaded: java.lang.UnsatisfiedLinkError"),
        library.reason());
  }

  @Test
  void theProfileShipsTheLibraryInTheBuild() {
    assumeTrue(BUILT, "skipped: the gpu-native profile did not run (no nvcc)");
    assertNotNull(NativeLibrary.class.getResource(NativeLibrary.RESOURCE));
    NativeLibrary library = NativeLibrary.load(null, NativeLibrary.RESOURCE);
    // It loads everywhere; without a GPU only the probe for a device fails.
    assertTrue(library.usable() || library.reason().matches(
        "no CUDA driver: .*|no CUDA device|the GPU .* has compute capability .*|CUDA could not start on .*"),
        library.reason());
  }

  @Test
  void theExtractedCopyIsRemovedOnceLoaded() throws Exception {
    assumeTrue(BUILT, "skipped: the gpu-native profile did not run (no nvcc)");
    Set<Path> before = extractedCopies();
    NativeLibrary.load(null, NativeLibrary.RESOURCE);
    Set<Path> left = extractedCopies();
    left.removeAll(before);
    assertEquals(Set.of(), left, "a killed process would leave these in the temporary folder");
  }

  private static Set<Path> extractedCopies() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith("libsqlscore_gpu"))
          .collect(Collectors.toCollection(HashSet::new));
    }
  }

  @Test
  void withoutTheProfileTheBackendSaysTheLibraryIsMissing() {
    assumeFalse(BUILT, "skipped: the gpu-native profile ran");
    assertNull(NativeLibrary.class.getResource(NativeLibrary.RESOURCE));
    assertTrue(new GpuBackend().unavailableReason().startsWith("the native GPU library is not in this build"));
  }

  @Test
  void compilingWithoutAGpuIsGpuUnavailable() {
    GpuBackend gpu = new GpuBackend();
    assumeFalse(gpu.isAvailable(), "skipped: a GPU can be used here");
    ModelPackage pkg = ModelPackage.open(Path.of(System.getProperty("sqlscore.repo", ".."),
        "sql-examples/models/adult-armnet_plus"));
    SqlscoreException e = assertThrows(SqlscoreException.class, () -> gpu.compile(pkg));
    assertEquals(ErrorCode.GPU_UNAVAILABLE, e.code());
    assertEquals("the GPU backend cannot run here: " + gpu.unavailableReason(), e.detail());
  }
}

package io.sqlscore.udf.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads {@code libsqlscore_gpu.so} once per process and remembers whether it can be used. The
 * library comes from {@code -Dsqlscore.gpu.library=<file>} when set, else from the class path
 * resource {@value #RESOURCE} (inside the udf jar), extracted to a temporary file. Nothing here
 * throws: a missing library, one that does not load (no CUDA driver, wrong platform, a broken
 * file) and a machine without a usable device all become {@link #reason()}.
 */
final class NativeLibrary {
  /** Where the build puts the library on the class path. */
  static final String RESOURCE = "/native/linux-x86_64/libsqlscore_gpu.so";
  /** System property naming a library file to load instead of the bundled one. */
  static final String PATH_PROPERTY = "sqlscore.gpu.library";

  private static NativeLibrary process;

  private final String reason;
  private final boolean loaded;

  private NativeLibrary(String reason) {
    this(reason, false);
  }

  private NativeLibrary(String reason, boolean loaded) {
    this.reason = reason;
    this.loaded = loaded;
  }

  /** The library of this process, loaded on first use. */
  static synchronized NativeLibrary get() {
    if (process == null) {
      process = load(System.getProperty(PATH_PROPERTY), RESOURCE);
    }
    return process;
  }

  /**
   * Loads the library from {@code file} when not null, else from the class path resource
   * {@code resource}, and probes for a device.
   */
  static NativeLibrary load(String file, String resource) {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return new NativeLibrary("the native GPU library is built for linux-x86_64 only, not " + os + "/" + arch);
    }
    Path library;
    if (file != null) {
      library = Path.of(file);
      if (!Files.isRegularFile(library)) {
        return new NativeLibrary("the native GPU library " + file + " (-D" + PATH_PROPERTY + ") does not exist");
      }
    } else {
      URL url = NativeLibrary.class.getResource(resource);
      if (url == null) {
        return new NativeLibrary("the native GPU library is not in this build (it is built when nvcc is present:"
            + " Maven profile gpu-native of the udf module)");
      }
      try {
        library = extract(url);
      } catch (IOException e) {
        return new NativeLibrary("the native GPU library could not be extracted: " + e.getMessage());
      }
    }
    try {
      System.load(library.toAbsolutePath().toString());
    } catch (Throwable e) {
      return new NativeLibrary("the native GPU library could not be loaded: " + e);
    } finally {
      if (file == null) {
        removeExtracted(library);
      }
    }
    try {
      return new NativeLibrary(NativeGpu.probe(), true);
    } catch (Throwable e) {
      return new NativeLibrary("the native GPU library does not answer: " + e);
    }
  }

  private static Path extract(URL url) throws IOException {
    Path file = Files.createTempFile("libsqlscore_gpu", ".so");
    file.toFile().deleteOnExit(); // in case the process ends between here and the load
    try (InputStream in = url.openStream()) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /**
   * Removes the extracted copy once loaded (Linux keeps a loaded library mapped): waiting for the
   * JVM's exit would leave one 3 MB file in the temporary folder per process that is killed.
   */
  private static void removeExtracted(Path library) {
    try {
      Files.deleteIfExists(library);
    } catch (IOException e) {
      // Left to deleteOnExit.
    }
  }

  /** Whether the library loaded and answers, with or without a device (its host-side functions work). */
  boolean loaded() {
    return loaded;
  }

  /** Whether the library loaded and a CUDA device can be used. */
  boolean usable() {
    return reason.isEmpty();
  }

  /** Why the GPU cannot be used; empty when it can. */
  String reason() {
    return reason;
  }
}

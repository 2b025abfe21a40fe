package io.sqlscore.model;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a {@link ModelPackage} as a package directory, or as a {@code .zip} with the files at
 * its top level when the path ends with {@code .zip}: {@code config.json} and
 * {@code weights.safetensors} byte for byte as held, {@code metrics.json} and
 * {@code README.md} when present. The package appears whole or not at all (written beside the
 * target, then moved into place), and an existing file or non-empty directory is never
 * overwritten.
 */
public final class PackageWriter {
  private PackageWriter() {}

  /**
   * Writes {@code pkg} to {@code target}.
   *
   * @throws SqlscoreException DUPLICATE_OBJECT when the target exists (other than an empty
   *     directory), IO_ERROR naming the path when it cannot be written
   */
  public static void write(ModelPackage pkg, Path target) {
    Path path = target.toAbsolutePath().normalize();
    boolean zip = path.getFileName() != null
        && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip");
    if (Files.exists(path) && (zip || !isEmptyDirectory(path))) {
      throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
          "%s already exists; EXPORT MODEL does not overwrite: remove it or choose another path", path);
    }
    Path staged = null;
    try {
      Files.createDirectories(path.getParent());
      if (zip) {
        staged = Files.createTempFile(path.getParent(), ".export-", ".zip");
        try (OutputStream file = Files.newOutputStream(staged);
            ZipOutputStream out = new ZipOutputStream(file)) {
          for (Map.Entry<String, byte[]> f : files(pkg).entrySet()) {
            out.putNextEntry(new ZipEntry(f.getKey()));
            out.write(f.getValue());
            out.closeEntry();
          }
        }
      } else {
        staged = Files.createTempDirectory(path.getParent(), ".export-");
        for (Map.Entry<String, byte[]> f : files(pkg).entrySet()) {
          Files.write(staged.resolve(f.getKey()), f.getValue());
        }
        Files.deleteIfExists(path);
      }
      Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE);
      staged = null;
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.IO_ERROR,
          "cannot write the model package to " + path + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(staged);
    }
  }

  /** The package's files by name, in the order they are written. */
  static Map<String, byte[]> files(ModelPackage pkg) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(ModelPackage.CONFIG, pkg.config().rawJson());
    ByteBuffer weights = pkg.weightsBytes().duplicate();
    byte[] bytes = new byte[weights.remaining()];
    weights.get(bytes);
    files.put(ModelPackage.WEIGHTS, bytes);
    pkg.metrics().ifPresent(m -> files.put(ModelPackage.METRICS, m.toPrettyString().getBytes(StandardCharsets.UTF_8)));
    pkg.readme().ifPresent(r -> files.put(ModelPackage.README, r.getBytes(StandardCharsets.UTF_8)));
    return files;
  }

  private static boolean isEmptyDirectory(Path path) {
    if (!Files.isDirectory(path)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path staged) {
    if (staged == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(staged)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Best effort: a stray hidden .export-* file is harmless.
    }
  }
}

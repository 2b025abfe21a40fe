package io.sqlscore.cli.score;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * File operations that survive a crash: data forced to the disk before a file is renamed into
 * place, and the folder forced after the rename, so that after a kill or power loss a file is
 * either absent or complete under its final name.
 */
final class DurableFiles {
  private DurableFiles() {}

  /** Forces {@code file}'s content to the disk. */
  static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  /** Forces {@code folder}'s entries (names created, renamed or deleted) to the disk. */
  static void forceFolder(Path folder) throws IOException {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /** Forces {@code from}, renames it to {@code to} (replacing it) in one step, and forces the folder. */
  static void publish(Path from, Path to) throws IOException {
    force(from);
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceFolder(to.toAbsolutePath().getParent());
  }

  /** The CRC-32C of {@code file}'s bytes, as 8 hex digits. */
  static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
    }
    return String.format("%08x", crc.getValue());
  }

  /** An I/O failure on {@code path} as a sqlscore error, saying what was being done. */
  static SqlscoreException failure(String doing, Path path, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new SqlscoreException(ErrorCode.IO_ERROR, "cannot " + doing + " '" + path + "': " + reason
        + " (" + e.getClass().getSimpleName() + "); check that the folder exists and is writable", e);
  }

  /** Runs an I/O action, turning its failure into {@link #failure}. */
  static void run(String doing, Path path, IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw failure(doing, path, e);
    } catch (UncheckedIOException e) {
      throw failure(doing, path, e.getCause());
    }
  }

  /** An action on files that may fail. */
  @FunctionalInterface
  interface IoAction {
    void run() throws IOException;
  }
}

package io.sqlscore.cli.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manifest of a file output, {@code _sqlscore_manifest.jsonl}: one JSON record per line,
 * the job first, then one line per committed chunk, then a {@code done} line. A line counts only
 * once it is complete (ends with a newline and parses): the tail a kill tore off while appending
 * is cut away before the next append. Every append is forced to the disk before it returns, and
 * the manifest itself appears by an atomic rename, so it is never seen half-created.
 */
final class Manifest {
  /** The manifest's file name (a leading underscore: Spark, Hive and DuckDB globs skip it). */
  static final String NAME = "_sqlscore_manifest.jsonl";

  private final Path file;

  private Manifest(Path file) {
    this.file = file;
  }

  /** Creates the manifest of a new job in {@code folder} with the job's record. */
  static Manifest create(Path folder, ObjectNode job) throws IOException {
    Path file = folder.resolve(NAME);
    Path temporary = folder.resolve("." + NAME + ".tmp");
    Files.write(temporary, line(job));
    DurableFiles.publish(temporary, file);
    return new Manifest(file);
  }

  /** The manifest of {@code folder}, if it has one. */
  static Optional<Manifest> open(Path folder) {
    Path file = folder.resolve(NAME);
    return Files.exists(file) ? Optional.of(new Manifest(file)) : Optional.empty();
  }

  /**
   * The complete records, the job first; an incomplete tail is cut off the file.
   *
   * @throws SqlscoreException IO_ERROR when the first line is not a job record
   */
  List<JsonNode> read() throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<JsonNode> records = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      try {
        records.add(JobRecord.JSON.readTree(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
      } catch (JsonProcessingException e) {
        break;
      }
      start = i + 1;
    }
    if (records.isEmpty() || !"job".equals(records.get(0).path("type").asText())) {
      throw SqlscoreException.of(ErrorCode.IO_ERROR,
          "the manifest '%s' does not start with a job record, so the folder's files cannot be trusted; "
              + "rerun with --overwrite to score again from the start", file);
    }
    if (start < bytes.length) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(start);
        channel.force(true);
      }
    }
    return records;
  }

  /** Appends {@code record} as a line and forces it to the disk. */
  void append(ObjectNode record) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buffer = ByteBuffer.wrap(line(record));
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
  }

  private static byte[] line(ObjectNode record) throws JsonProcessingException {
    return (JobRecord.JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}

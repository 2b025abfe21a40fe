package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of scored files, {@code part-00000.parquet} (zstd) or {@code .csv}, one per chunk,
 * committed through the folder's {@link Manifest}: DuckDB writes a chunk to a hidden temporary
 * name ({@code .part-00000.parquet.tmp}), which is forced to the disk, renamed to its final name,
 * and then recorded in the manifest with its row count, size and CRC-32C. A rerun trusts only the
 * manifest: it removes temporary files and part files the manifest does not list, and checks
 * that the listed ones are unchanged. A finished job adds {@code _SUCCESS}. A lock file keeps a
 * second job from writing the same folder at the same time.
 */
final class FileOutput implements ScoreOutput {
  private static final Pattern PART = Pattern.compile("part-\\d+\\.(parquet|csv)");
  private static final String LOCK = ".sqlscore.lock";
  private static final String SUCCESS = "_SUCCESS";

  private final Path folder;
  private final String format;
  private Manifest manifest;
  private FileChannel lockFile;
  private FileLock lock;

  /** An output into {@code folder} in {@code format} ({@code parquet} or {@code csv}). */
  FileOutput(Path folder, String format) {
    this.folder = folder.toAbsolutePath().normalize();
    this.format = format;
  }

  @Override
  public String describe() {
    return "folder '" + folder + "'";
  }

  @Override
  public boolean overlaps(ScoreInput input) {
    return input.reads(folder, folder.resolve(partName(0)));
  }

  /** The name of chunk {@code chunk}'s file. */
  String partName(int chunk) {
    return String.format(Locale.ROOT, "part-%05d.%s", chunk, format);
  }

  @Override
  public Optional<Committed> existing() {
    if (!Files.exists(folder)) {
      return Optional.empty();
    }
    if (!Files.isDirectory(folder)) {
      throw SqlscoreException.of(ErrorCode.IO_ERROR, "the output '%s' is a file, not a folder; give a folder", folder);
    }
    Optional<Manifest> found = Manifest.open(folder);
    if (found.isEmpty()) {
      List<String> foreign = names().stream().filter(name -> !name.equals(LOCK) && !isTemporary(name)).toList();
      if (!foreign.isEmpty()) {
        throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
            "the output folder '%s' holds files no sqlscore score job wrote (%s); choose an empty or new folder",
            folder, foreign.get(0));
      }
      lock();
      removeTemporaryFiles();
      return Optional.empty();
    }
    lock();
    manifest = found.get();
    List<JsonNode> records = read();
    Map<Integer, Long> chunks = new HashMap<>();
    List<String> listed = new ArrayList<>();
    boolean finished = false;
    for (JsonNode record : records.subList(1, records.size())) {
      if (record.path("type").asText().equals("done")) {
        finished = true;
      } else if (record.path("type").asText().equals("chunk")) {
        chunks.put(record.get("chunk").asInt(), record.get("rows").asLong());
        listed.add(record.get("file").asText());
        verify(record);
      }
    }
    removeTemporaryFiles();
    for (String name : names()) {
      if (PART.matcher(name).matches() && !listed.contains(name)) {
        DurableFiles.run("remove the uncommitted file", folder.resolve(name),
            () -> Files.delete(folder.resolve(name)));
      }
    }
    if (finished && !Files.exists(folder.resolve(SUCCESS))) {
      DurableFiles.run("mark the finished job in", folder, this::markSuccess);
    }
    return Optional.of(new Committed(JobRecord.fromJson(records.get(0)), chunks, finished));
  }

  private List<JsonNode> read() {
    try {
      return manifest.read();
    } catch (IOException e) {
      throw DurableFiles.failure("read the manifest", folder.resolve(Manifest.NAME), e);
    }
  }

  /** Checks that a committed file is as the manifest recorded it. */
  private void verify(JsonNode record) {
    Path file = folder.resolve(record.get("file").asText());
    boolean intact;
    try {
      intact = Files.isRegularFile(file) && Files.size(file) == record.get("bytes").asLong()
          && DurableFiles.crc32c(file).equals(record.get("crc32c").asText());
    } catch (IOException e) {
      intact = false;
    }
    if (!intact) {
      throw SqlscoreException.of(ErrorCode.IO_ERROR,
          "'%s', committed by the job in '%s', is missing or was changed since; rerun with --overwrite to score "
              + "again from the start", file.getFileName(), folder);
    }
  }

  /** Removes the files of the job the folder's manifest records; a folder without one is left alone. */
  @Override
  public void clear() {
    if (!Files.isDirectory(folder) || Manifest.open(folder).isEmpty()) {
      return;
    }
    lock();
    for (String name : names()) {
      if (PART.matcher(name).matches() || name.equals(Manifest.NAME) || name.equals(SUCCESS) || isTemporary(name)) {
        DurableFiles.run("remove", folder.resolve(name), () -> Files.delete(folder.resolve(name)));
      }
    }
    manifest = null;
  }

  @Override
  public void start(JobRecord job) {
    DurableFiles.run("create the output folder", folder, () -> Files.createDirectories(folder));
    lock();
    DurableFiles.run("write the manifest in", folder, () -> manifest = Manifest.create(folder, job.toJson()));
  }

  @Override
  public long write(int chunk, String query, Statement statement) throws SQLException {
    String name = partName(chunk);
    Path temporary = folder.resolve("." + name + ".tmp");
    try {
      statement.execute("COPY (" + query + ") TO " + literal(temporary.toString())
          + (format.equals("parquet") ? " (FORMAT parquet, COMPRESSION zstd)" : " (FORMAT csv, HEADER true)"));
      long rows = statement.getLargeUpdateCount();
      ObjectNode record = JobRecord.JSON.createObjectNode().put("type", "chunk").put("chunk", chunk)
          .put("file", name).put("rows", rows);
      DurableFiles.run("commit", folder.resolve(name), () -> {
        record.put("bytes", Files.size(temporary)).put("crc32c", DurableFiles.crc32c(temporary));
        DurableFiles.publish(temporary, folder.resolve(name));
        manifest.append(record);
      });
      return rows;
    } catch (SQLException | RuntimeException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void finish() {
    DurableFiles.run("finish the job in", folder, () -> {
      manifest.append(JobRecord.JSON.createObjectNode().put("type", "done"));
      markSuccess();
    });
  }

  /** Writes {@code _SUCCESS}, the marker schedulers and Hadoop-style readers wait for. */
  private void markSuccess() throws IOException {
    Path temporary = folder.resolve("." + SUCCESS + ".tmp");
    Files.write(temporary, new byte[0]);
    DurableFiles.publish(temporary, folder.resolve(SUCCESS));
  }

  private void lock() {
    if (lock != null) {
      return;
    }
    DurableFiles.run("lock the output folder", folder, () -> {
      lockFile = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockFile.tryLock();
    });
    if (lock == null) {
      throw SqlscoreException.of(ErrorCode.OBJECT_IN_USE,
          "another sqlscore score job is writing to '%s'; wait for it, or choose another folder", folder);
    }
  }

  private void removeTemporaryFiles() {
    for (String name : names()) {
      if (isTemporary(name)) {
        DurableFiles.run("remove the temporary file", folder.resolve(name), () -> Files.delete(folder.resolve(name)));
      }
    }
  }

  private static boolean isTemporary(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    DurableFiles.run("list", folder, () -> {
      try (Stream<Path> entries = Files.list(folder)) {
        entries.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
      }
    });
    return names;
  }

  @Override
  public void close() {
    DurableFiles.run("unlock", folder, () -> {
      if (lockFile != null) {
        lockFile.close();
      }
    });
  }
}

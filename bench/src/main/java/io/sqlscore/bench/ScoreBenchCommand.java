package io.sqlscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench-score [--rows N[,N...]] [--threads T] [--batch B] [--rows-per-file R]
 * [--input-file-rows M] [--model PACKAGE] [--dir FOLDER]}: batch scoring of Parquet files
 * against the kernel alone. For each N it writes N rows (the Adult test rows repeated, unique
 * ids) as Parquet files of M rows (default 1,000,000), runs {@code sqlscore score --input
 * DIR/*.parquet --output OUT --key id} in a process of its own ({@link ScoreBenchChild}, after a
 * 50,000-row warm-up job in the same process), then, in that process, the kernel alone (warmed up
 * too) on the same model, threads and batch size for as long as the job took (at least 10 s, where
 * a few seconds gave kernel rates 25% apart from run to run; at most 30 s), and prints one JSON
 * line: rows/s of the job, the kernel's rows/s and their ratio, the seconds of the warm-up job
 * (what a cold job pays once: planning, model load, JIT), the JIT compiler threads' CPU time during
 * the job (it shares the cores with the job), the share of the machine's CPU time the hypervisor
 * took during the job and during the kernel (a ratio is only fair when the two are close), and
 * the job's peak heap, Arrow memory and resident set size. The
 * model defaults to the bundled Adult AutoInt+ (the faster one); files go under {@code --dir}
 * (default: the temporary folder) and are deleted after each size.
 */
public final class ScoreBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WARM_UP_ROWS = 50_000;
  private static final String USAGE = "usage: bench-score [--rows N[,N...]] [--threads T] [--batch B] "
      + "[--rows-per-file R] [--input-file-rows M] [--model PACKAGE] [--dir FOLDER]";

  private static final Map<String, Integer> OPTIONS = Map.of("--rows", 1, "--threads", 1, "--batch", 1,
      "--rows-per-file", 1, "--input-file-rows", 1, "--model", 1, "--dir", 1);

  private final List<Long> sizes;
  private final int threads;
  private final int batch;
  private final long rowsPerFile;
  private final long inputFileRows;
  private final Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
  private final Path model;
  private final Path dir;
  private final PrintStream out;

  private ScoreBenchCommand(String[] args, PrintStream out) {
    this.out = out;
    CommandArgs parsed = new CommandArgs(List.of(args), OPTIONS);
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    sizes = parsed.integers("--rows", List.of(1_000_000L), 1);
    threads = parsed.integer("--threads", 2, 1);
    batch = parsed.integer("--batch", 4096, 1);
    rowsPerFile = parsed.longInteger("--rows-per-file", 10_000_000, 1);
    inputFileRows = parsed.longInteger("--input-file-rows", 1_000_000, 1);
    String modelPath = parsed.value("--model", null);
    model = modelPath == null ? repo.resolve("sql-examples/models/adult-autoint_plus") : Path.of(modelPath);
    dir = Path.of(parsed.value("--dir", System.getProperty("java.io.tmpdir")));
  }

  /** Runs the benchmark; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws Exception {
    return new ScoreBenchCommand(args, out).run();
  }

  private int run() throws Exception {
    String name = model.getFileName().toString();
    Files.createDirectories(dir);
    for (long n : sizes) {
      Path work = Files.createTempDirectory(dir, "sqlscore-bench-score-");
      try {
        writeInput(work.resolve("warm-up"), WARM_UP_ROWS);
        long files = writeInput(work.resolve("in"), n);
        JsonNode job = score(work);
        if (job == null) {
          return 1;
        }
        double seconds = job.get("seconds").asDouble();
        double kernel = job.get("kernel_rows_per_s").asDouble();
        ObjectNode line = JSON.createObjectNode();
        line.put("model", name);
        line.put("rows", n);
        line.put("input_files", files);
        line.put("rows_per_file", rowsPerFile);
        line.put("threads", threads);
        line.put("batch", batch);
        line.put("seconds", round(seconds));
        line.put("rows_per_s", round(n / seconds));
        line.put("kernel_rows_per_s", round(kernel));
        line.put("score_to_kernel", round(n / seconds / kernel));
        line.put("warm_up_seconds", round(job.get("warm_up_seconds").asDouble()));
        line.put("jit_cpu_seconds", round(job.get("jit_cpu_seconds").asDouble()));
        line.put("steal_job_pct", round(job.get("steal_job_pct").asDouble()));
        line.put("steal_kernel_pct", round(job.get("steal_kernel_pct").asDouble()));
        line.put("peak_heap_mib", round(job.get("peak_heap_mib").asDouble()));
        line.put("peak_arrow_mib", round(job.get("peak_arrow_mib").asDouble()));
        line.put("peak_rss_mib", round(job.get("peak_rss_mib").asDouble()));
        line.put("max_heap_mib", round(job.get("max_heap_mib").asDouble()));
        line.put("output_mib", round(size(work.resolve("out")) / 1048576.0));
        out.println(line);
      } finally {
        delete(work);
      }
    }
    return 0;
  }

  /** Writes {@code n} Adult rows with ids 0..n-1 as Parquet files of {@code inputFileRows}; returns the file count. */
  private long writeInput(Path folder, long n) throws Exception {
    Files.createDirectories(folder);
    long files = (n + inputFileRows - 1) / inputFileRows;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE adult AS SELECT row_number() OVER () - 1 AS idx, * EXCLUDE (id) FROM read_csv('"
          + repo.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '')");
      long base = count(s);
      for (long f = 0; f < files; f++) {
        long first = f * inputFileRows;
        long rows = Math.min(inputFileRows, n - first);
        s.execute(String.format(Locale.ROOT, "COPY (SELECT %d + t.n AS id, a.* EXCLUDE (idx) FROM range(%d) t(n) "
            + "JOIN adult a ON a.idx = (%d + t.n) %% %d) TO '%s' (FORMAT parquet)", first, rows, first, base,
            folder.resolve(String.format(Locale.ROOT, "events-%05d.parquet", f))));
      }
    }
    return files;
  }

  private static long count(Statement s) throws Exception {
    try (var rs = s.executeQuery("SELECT count(*) FROM adult")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Runs the warm-up job and the score job in a child JVM with this JVM's flags; returns its JSON
   * figures, or null if it failed.
   */
  private JsonNode score(Path work) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScoreBenchChild.class.getName(),
        work.resolve("warm-up") + "/*.parquet", work.resolve("warm-up-out").toString(),
        "--model", model.toAbsolutePath().toString(), "--input", work.resolve("in") + "/*.parquet",
        "--output", work.resolve("out").toString(), "--key", "id", "--threads", Integer.toString(threads),
        "--batch", Integer.toString(batch), "--rows-per-file", Long.toString(rowsPerFile)));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    String[] lines = output.strip().split("\n");
    if (code != 0) {
      out.println("the score job failed (exit " + code + "): " + output.strip());
      return null;
    }
    return JSON.readTree(lines[lines.length - 1]);
  }

  private static long size(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }
}

package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.jdbc.SqlscoreDriver;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Backend;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.gpu.GpuBackend;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBConnection;

/**
 * {@code bench-sql [--rows N[,N...]] [--threads T] [--batch B] [--data adult|frappe|all]
 * [--explain] [--repeat R] [--db FILE] [--device auto|cpu|gpu] [--export]}: scores N-row tables
 * through SQL on the given device (default auto) and prints one JSON line per (data set, N,
 * query) with rows/s (best of R runs, default 1), the ratio to the kernel's rows/s for the same
 * model, device and threads (the kernel runs after each query for as long as the query took,
 * best of R too), and the peak heap and Arrow memory while the query ran. With {@code --export},
 * each table is also read by DuckDB's own Arrow export alone ({@code SELECT *} as Arrow batches
 * of the same size, and those batches read back into DuckDB), the rates the SQL path on a GPU is
 * compared with ({@link ArrowExportRate}).
 *
 * <p>Data sets: the Adult test rows repeated (ARM-Net+ model, raw columns), and the Frappe test
 * rows repeated when {@code ../shared} has them (Frappe ARM-Net+ model). Queries:
 * {@code SELECT avg(PREDICT(...))}, {@code CREATE TABLE AS SELECT id, PREDICT(...)} and, with
 * {@code --explain}, the same average over {@code EXPLAIN_PREDICT(..., 3)} with its time
 * relative to PREDICT's (each run between two PREDICT runs; the median ratio and its range).
 */
public final class SqlBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String USAGE = "usage: bench-sql [--rows N[,N...]] [--threads T] [--batch B] "
      + "[--data adult|frappe|all] [--explain] [--repeat R] [--db FILE] [--device auto|cpu|gpu] [--export]";
  private static final Map<String, Integer> OPTIONS = Map.of("--rows", 1, "--threads", 1, "--batch", 1, "--data", 1,
      "--explain", 0, "--repeat", 1, "--db", 1, "--device", 1, "--export", 0);

  private final List<Long> sizes;
  private final int threads;
  private final int batch;
  private final String data;
  private final boolean explain;
  private final int repeat;
  private final Path db;
  private final String device;
  private final boolean export;
  private final PrintStream out;
  private final Path repo = Path.of(System.getProperty("sqlscore.repo", "."));
  private final Path shared = Path.of(System.getProperty("sqlscore.shared", "../shared"));

  private SqlBenchCommand(String[] args, PrintStream out) {
    this.out = out;
    CommandArgs parsed = new CommandArgs(List.of(args), OPTIONS);
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    sizes = parsed.integers("--rows", List.of(1_000_000L), 1);
    threads = parsed.integer("--threads", 2, 1);
    batch = parsed.integer("--batch", 4096, 1);
    data = parsed.value("--data", "all");
    if (!List.of("adult", "frappe", "all").contains(data)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "--data must be adult, frappe or all, not '%s'", data);
    }
    explain = parsed.has("--explain");
    repeat = parsed.integer("--repeat", 1, 1);
    String file = parsed.value("--db", null);
    db = file == null ? null : Path.of(file);
    device = parsed.value("--device", "auto");
    export = parsed.has("--export");
  }

  /** Runs the benchmark; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws Exception {
    return new SqlBenchCommand(args, out).run();
  }

  private int run() throws Exception {
    Path file = db != null ? db : Files.createTempFile("sqlscore-bench-", ".duckdb");
    Files.deleteIfExists(file);
    try (Connection connection = DriverManager.getConnection(SqlscoreDriver.PREFIX + file);
        Statement s = connection.createStatement()) {
      s.execute("SET batch_size = " + batch);
      s.execute("SET scoring_threads = " + threads);
      s.execute("SET device = '" + device + "'");
      if (data.equals("all") || data.equals("adult")) {
        s.execute("CREATE TABLE adult_base AS SELECT * FROM read_csv('"
            + repo.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '')");
        bench(s, "adult", "adult_base", repo.resolve("sql-examples/models/adult-armnet_plus"), null);
      }
      Path frappe = shared.resolve("data/frappe/test.libsvm");
      if ((data.equals("all") || data.equals("frappe")) && Files.isRegularFile(frappe)) {
        s.execute(FrappeTable.sql("frappe_base", frappe));
        bench(s, "frappe", "frappe_base", shared.resolve("models/frappe-armnet_plus"), frappe);
      } else if (data.equals("frappe")) {
        out.println("no Frappe data at " + frappe + "; set -Dsqlscore.shared");
        return 2;
      }
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(Path.of(file + ".wal"));
    }
    return 0;
  }

  private void bench(Statement s, String name, String base, Path packageDir, Path libsvm) throws Exception {
    ModelPackage pkg = ModelPackage.open(packageDir);
    try (CompiledModel model = kernelBackend().compile(pkg);
        BatchRunner runner = new BatchRunner()) {
      FeatureBatch rows = KernelThroughput.testRows(pkg, name, libsvm, shared, repo);
      List<FeatureBatch> batches = KernelThroughput.batches(rows, Math.min(batch, rows.rows()));
      Kernel kernel = seconds -> KernelThroughput.runFor(model, runner, batches, threads, seconds);
      kernel.rowsPerSecond(2.0);
      s.execute("CREATE MODEL " + name + " FROM '" + packageDir + "'");
      long baseRows = count(s, "SELECT count(*) FROM " + base);
      for (long n : sizes) {
        s.execute("CREATE OR REPLACE TABLE bench AS SELECT * FROM " + base + ", range("
            + ((n + baseRows - 1) / baseRows) + ") t(copy) LIMIT " + n);
        if (export) {
          exportLines(s, name, n);
        }
        String predict = "SELECT avg(PREDICT('" + name + "')) FROM bench";
        time(s, predict);
        report(s, name, n, "avg(PREDICT)", predict, kernel, null);
        report(s, name, n, "CREATE TABLE AS", "CREATE OR REPLACE TABLE scored AS SELECT copy, PREDICT('" + name
            + "') AS p FROM bench", kernel, null);
        if (explain) {
          report(s, name, n, "avg(EXPLAIN_PREDICT k=3)", "SELECT avg(e.why.score) FROM (SELECT EXPLAIN_PREDICT('"
              + name + "', 3) AS why FROM bench) e", kernel, predict);
        }
      }
    }
  }

  /** The backend of the device setting, for the kernel the queries are compared with. */
  private Backend kernelBackend() {
    GpuBackend gpu = new GpuBackend();
    return device.equals("gpu") || (device.equals("auto") && gpu.isAvailable()) ? gpu : new CpuBackend();
  }

  /** DuckDB's own Arrow export of the bench table, and its round trip, at the batch size of the queries. */
  private void exportLines(Statement s, String name, long n) throws Exception {
    DuckDBConnection duck = s.getConnection().unwrap(DuckDBConnection.class);
    for (ArrowExportRate.Mode mode : ArrowExportRate.Mode.values()) {
      double seconds = Double.MAX_VALUE;
      for (int run = 0; run <= repeat; run++) {
        double took = ArrowExportRate.seconds(duck, "bench", batch, mode);
        seconds = run == 0 ? seconds : Math.min(seconds, took);
      }
      ObjectNode line = JSON.createObjectNode();
      line.put("data", name);
      line.put("rows", n);
      line.put("query", mode.label());
      line.put("batch", batch);
      line.put("seconds", round(seconds));
      line.put("rows_per_s", round(n / seconds));
      out.println(line);
    }
  }

  /** The kernel alone on the same model and threads: rows/s over a run of about the given seconds. */
  @FunctionalInterface
  private interface Kernel {
    double rowsPerSecond(double seconds);
  }

  /**
   * Runs {@code sql} {@code repeat} times, each run followed by the kernel alone for as long as
   * the query took (capped at 30 s, so both see the same machine), and prints the JSON line with
   * the best of each. With a {@code baseline} query, {@code sql} first runs once untimed (as the
   * baseline did before its own line), then every run sits between two runs of the baseline and
   * is compared with their mean; the line adds the median, least and largest of those time
   * ratios. Neighbouring runs see the same machine, which drifts over minutes, and bracketing
   * cancels a steady drift.
   */
  private void report(Statement s, String name, long n, String query, String sql, Kernel kernel, String baseline)
      throws Exception {
    double seconds = Double.MAX_VALUE;
    double kernelRows = 0;
    List<Double> ratios = new ArrayList<>();
    MemorySampler memory = new MemorySampler();
    try (memory) {
      double before = 0;
      if (baseline != null) {
        time(s, sql);
        before = time(s, baseline);
      }
      for (int run = 0; run < repeat; run++) {
        double took = time(s, sql);
        seconds = Math.min(seconds, took);
        if (baseline != null) {
          double after = time(s, baseline);
          ratios.add(took / ((before + after) / 2));
          before = after;
        }
        kernelRows = Math.max(kernelRows, kernel.rowsPerSecond(Math.min(took, 30)));
      }
    }
    ObjectNode line = JSON.createObjectNode();
    line.put("data", name);
    line.put("rows", n);
    line.put("query", query);
    line.put("threads", threads);
    line.put("batch", batch);
    line.put("device", device);
    if (!device.equals("cpu")) {
      line.put("gpu_pipeline", GpuBackend.pipelining());
    }
    line.put("seconds", round(seconds));
    line.put("rows_per_s", round(n / seconds));
    line.put("kernel_rows_per_s", round(kernelRows));
    line.put("sql_to_kernel", round(n / seconds / kernelRows));
    if (!ratios.isEmpty()) {
      ratios.sort(null);
      line.put("time_vs_predict", round(ratios.get(ratios.size() / 2)));
      line.put("time_vs_predict_min", round(ratios.get(0)));
      line.put("time_vs_predict_max", round(ratios.get(ratios.size() - 1)));
    }
    line.put("peak_heap_mib", round(memory.peakHeapMib()));
    line.put("peak_arrow_mib", round(memory.peakArrowMib()));
    line.put("max_heap_mib", round(Runtime.getRuntime().maxMemory() / 1048576.0));
    out.println(line);
  }

  private static double time(Statement s, String sql) throws SQLException {
    long start = System.nanoTime();
    if (s.execute(sql)) {
      try (ResultSet rs = s.getResultSet()) {
        while (rs.next()) {
          rs.getObject(1);
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static long count(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }
}

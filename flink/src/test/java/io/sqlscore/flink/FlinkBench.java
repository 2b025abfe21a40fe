package io.sqlscore.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.Backends;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.encode.FeatureEncoder;
import io.sqlscore.udf.explain.FieldNames;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * {@code ./sqlscore bench-flink [--rows N[,N...]] [--parallelism P[,P...]] [--batch B]
 * [--model PACKAGE] [--sync-rows N] [--timeout DURATION]}: ML_PREDICT throughput on a local MiniCluster (batch
 * execution mode; N generated rows cycling through the Adult test rows, a blackhole sink), one
 * JSON line per (N, P): rows/s over the job's net runtime, rows/s per slot, and its ratio to the
 * kernel alone (the same model's forward pass on one thread over pre-encoded batches of B rows,
 * for 10 s right before each job), and the scaling from the first to each further parallelism.
 * A last line measures the synchronous function (one row per forward pass) on {@code --sync-rows}
 * rows with parallelism 1. Defaults: 1M and 10M rows, parallelism 1 and 2, batch 4096, the
 * bundled Adult ARM-Net+ package, 100k synchronous rows, Flink's default timeout of the
 * asynchronous function ({@code --timeout 0} sets none, so that no timer is registered per row).
 */
public final class FlinkBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADULT_COLUMNS = "id BIGINT, " + AdultFlink.INPUT;

  private static final String USAGE = "usage: bench-flink [--rows N[,N...]] [--parallelism P[,P...]] [--batch B] "
      + "[--model PACKAGE] [--sync-rows N] [--timeout DURATION]";
  private static final Map<String, Integer> OPTIONS = Map.of("--rows", 1, "--parallelism", 1, "--batch", 1,
      "--model", 1, "--sync-rows", 1, "--timeout", 1);

  private final List<Long> sizes;
  private final List<Integer> parallelisms;
  private final int batch;
  private final long syncRows;
  private final String timeout;
  private final Path model;

  private FlinkBench(String[] args) {
    // The launcher passes the command's name first.
    List<String> words = List.of(args);
    CommandArgs parsed = new CommandArgs(words.isEmpty() || !words.get(0).equals("bench-flink") ? words
        : words.subList(1, words.size()), OPTIONS);
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    sizes = parsed.integers("--rows", List.of(1_000_000L, 10_000_000L), 1);
    parallelisms = parsed.integers("--parallelism", List.of(1L, 2L), 1).stream().map(Math::toIntExact).toList();
    batch = parsed.integer("--batch", 4096, 1);
    String modelPath = parsed.value("--model", null);
    model = modelPath == null ? AdultFlink.modelPackage("models/adult-armnet_plus") : Path.of(modelPath);
    syncRows = parsed.longInteger("--sync-rows", 100_000, 1);
    timeout = parsed.value("--timeout", null);
  }

  /** Runs the benchmark and prints its JSON lines; exits with {@link #run(String[], PrintStream)}'s status. */
  public static void main(String[] args) {
    System.exit(run(args, System.err));
  }

  /**
   * Runs the benchmark; a failure is one line on {@code err}, and the status is 2 for a mistake in
   * the arguments, 1 for any other failure.
   */
  static int run(String[] args, PrintStream err) {
    try {
      new FlinkBench(args).run();
      return 0;
    } catch (SqlscoreException e) {
      err.println("sqlscore bench-flink: " + e.getMessage());
      return e.code() == ErrorCode.INVALID_ARGUMENT ? 2 : 1;
    } catch (Exception e) {
      err.println("sqlscore bench-flink: failed: " + e);
      return 1;
    }
  }

  private void run() throws Exception {
    List<String> lines = Files.readAllLines(AdultFlink.testCsv());
    List<String> adult = lines.subList(1, lines.size());
    // Before any Flink planning: the kernel's methods get compiled while the JIT has nothing else to do.
    Kernel kernel = new Kernel(ModelPackage.open(model), new AdultRows(adult), batch);
    job(adult, 200_000, 1, "");
    for (long rows : sizes) {
      double first = 0;
      for (int parallelism : parallelisms) {
        double kernelRate = kernel.rowsPerSecond(10);
        double rate = job(adult, rows, parallelism, "");
        first = first == 0 ? rate : first;
        ObjectNode line = JSON.createObjectNode();
        line.put("bench", "flink").put("mode", "async").put("rows", rows).put("parallelism", parallelism)
            .put("batch", batch).put("timeout", timeout == null ? "default" : timeout).put("rows_per_s", Math.round(rate))
            .put("rows_per_s_per_slot", Math.round(rate / parallelism))
            .put("kernel_rows_per_s", Math.round(kernelRate))
            .put("per_slot_vs_kernel", round(rate / parallelism / kernelRate))
            .put("scaling_vs_first_parallelism", round(rate / first));
        System.out.println(line);
      }
    }
    double kernelRate = kernel.rowsPerSecond(10);
    double rate = job(adult, syncRows, 1, ", MAP['async', 'false']");
    ObjectNode line = JSON.createObjectNode();
    line.put("bench", "flink").put("mode", "sync").put("rows", syncRows).put("parallelism", 1)
        .put("rows_per_s", Math.round(rate)).put("kernel_rows_per_s", Math.round(kernelRate))
        .put("per_slot_vs_kernel", round(rate / kernelRate));
    System.out.println(line);
  }

  private static double round(double ratio) {
    return Math.round(ratio * 1000) / 1000.0;
  }

  /** Runs one ML_PREDICT job over {@code rows} generated rows and returns its rows/s over the job's net runtime. */
  private double job(List<String> adult, long rows, int parallelism, String predictConfig) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(parallelism, AdultFlink.loopback());
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    StreamTableEnvironment flink = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
    // Twice the batch: one batch fills while the one before is scored.
    flink.getConfig().set("table.exec.async-ml-predict.max-concurrent-operations", Integer.toString(2 * batch));
    if (timeout != null) {
      flink.getConfig().set("table.exec.async-ml-predict.timeout", timeout);
    }
    RowType rowType = adultType(flink);
    flink.createTemporaryView("adult", env.fromSource(
        new DataGeneratorSource<>(new AdultRows(adult), rows, InternalTypeInfo.of(rowType)),
        WatermarkStrategy.noWatermarks(), "adult rows"));
    flink.executeSql("CREATE TABLE scored (id BIGINT, score DOUBLE) WITH ('connector' = 'blackhole')");
    flink.executeSql(AdultFlink.modelDdl("bench_model", "score DOUBLE",
        "'package' = '" + model + "', 'batch-size' = '" + batch + "'"));
    JobExecutionResult result = flink.executeSql("INSERT INTO scored " + AdultFlink.predict("score", "adult",
            "bench_model").replace("))", ")" + predictConfig + ")"))
        .getJobClient().orElseThrow().getJobExecutionResult().get();
    return rows / (result.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9);
  }

  /** The row type of the generated rows: id and the Adult features. */
  private static RowType adultType(StreamTableEnvironment flink) {
    flink.executeSql("CREATE TEMPORARY TABLE adult_type (" + ADULT_COLUMNS + ") WITH ('connector' = 'blackhole')");
    return (RowType) flink.from("adult_type").getResolvedSchema().toPhysicalRowDataType().getLogicalType();
  }

  /** Row i of a generated input: Adult test row i modulo their count, with id i. */
  private static final class AdultRows implements GeneratorFunction<Long, RowData> {
    private static final long serialVersionUID = 1L;

    private final List<String> lines;
    private transient GenericRowData[] rows;

    AdultRows(List<String> lines) {
      this.lines = new ArrayList<>(lines);
    }

    @Override
    public void open(SourceReaderContext context) {
      open();
    }

    private void open() {
      rows = new GenericRowData[lines.size()];
      for (int r = 0; r < rows.length; r++) {
        Object[] values = AdultFlink.featureValues(lines.get(r));
        GenericRowData row = new GenericRowData(15);
        for (int f = 0; f < values.length; f++) {
          row.setField(f + 1, values[f] instanceof String ? StringData.fromString((String) values[f]) : values[f]);
        }
        rows[r] = row;
      }
    }

    @Override
    public RowData map(Long index) {
      GenericRowData template = rows[(int) (index % rows.length)];
      GenericRowData row = new GenericRowData(15);
      row.setField(0, index);
      for (int c = 1; c < 15; c++) {
        row.setField(c, template.getField(c));
      }
      return row;
    }
  }

  /** The forward pass alone, on one thread, over the Adult rows encoded in batches. */
  private static final class Kernel {
    private final CompiledModel model;
    private final List<FeatureBatch> batches = new ArrayList<>();

    /** Encodes the generator's rows (id, then the features) in batches of {@code batch}. */
    Kernel(ModelPackage pkg, AdultRows adult, int batch) {
      model = Backends.byName("cpu").compile(pkg);
      FeatureEncoder encoder = new FeatureEncoder(pkg.config(), "bench");
      LogicalType[] types = AdultFlink.featureTypes();
      adult.open();
      RowData[] rows = new RowData[adult.rows.length];
      for (int r = 0; r < rows.length; r++) {
        GenericRowData features = new GenericRowData(types.length);
        for (int f = 0; f < types.length; f++) {
          features.setField(f, adult.rows[r].getField(f + 1));
        }
        rows[r] = features;
      }
      InputRows inputs = new InputRows(types);
      List<Class<?>> valueTypes = ModelColumns.valueTypes(types);
      for (int from = 0; from + batch <= rows.length; from += batch) {
        batches.add(encoder.encodeRows(inputs.of(Arrays.copyOfRange(rows, from, from + batch)), valueTypes,
            FieldNames.of(pkg.config()), from));
      }
      rowsPerSecond(10);
    }

    /** Rows/s of forward passes for about {@code seconds} seconds. */
    double rowsPerSecond(double seconds) {
      long done = 0;
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      for (int b = 0; System.nanoTime() < end; b = (b + 1) % batches.size()) {
        done += model.forward(batches.get(b), Outputs.NONE).rows();
      }
      return done / ((System.nanoTime() - start) / 1e9);
    }
  }
}

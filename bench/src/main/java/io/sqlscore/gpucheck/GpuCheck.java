package io.sqlscore.gpucheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.encode.LibsvmReader;
import io.sqlscore.udf.gpu.GpuBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The GPU check: {@code GpuCheck <testvectors dir> <models dir> <frappe test.libsvm> [--no-cpu]}.
 * Prints a {@code device} line, a {@code parity} line per test vector and per Frappe model
 * (their expected_test_head), and {@code throughput} lines for frappe-armnet_plus at batches of
 * 4096 and 65536 rows: the GPU with one caller and with four concurrent callers, and the CPU
 * backend with every core (unless {@code --no-cpu}). Exits 1 when a parity case fails, 2 when
 * no GPU can be used.
 */
public final class GpuCheck {
  private static final String BENCH_MODEL = "frappe-armnet_plus";
  private static final int[] BATCHES = {4096, 65536};
  private static final int TOTAL_ROWS = 8 * 65536;

  private GpuCheck() {}

  /** Runs the check; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Path vectors = Path.of(args[0]);
    Path models = Path.of(args[1]);
    Path frappeRows = Path.of(args[2]);
    boolean cpu = !(args.length > 3 && args[3].equals("--no-cpu"));
    GpuBackend gpu = new GpuBackend();
    ObjectNode device = Json.line("device");
    device.put("available", gpu.isAvailable());
    device.put("reason", gpu.unavailableReason());
    if (gpu.isAvailable()) {
      device.put("device", gpu.describeDevice());
    }
    device.put("cores", Runtime.getRuntime().availableProcessors());
    Json.print(device);
    if (!gpu.isAvailable()) {
      System.exit(2);
    }
    boolean pass = true;
    for (Path dir : sortedDirs(vectors)) {
      ObjectNode line = ParityCase.run(gpu, dir.getFileName().toString(), ModelPackage.open(dir),
          SafeTensors.open(dir.resolve("inputs.safetensors")), SafeTensors.open(dir.resolve("expected.safetensors")));
      pass &= line.get("pass").asBoolean();
      Json.print(line);
    }
    for (Path dir : sortedDirs(models)) {
      Path head = dir.resolve("expected_test_head.safetensors");
      if (Files.isRegularFile(head)) {
        SafeTensors expected = SafeTensors.open(head);
        ObjectNode line = ParityCase.run(gpu, dir.getFileName().toString(), ModelPackage.open(dir), expected, expected);
        pass &= line.get("pass").asBoolean();
        Json.print(line);
      }
    }
    ModelPackage bench = ModelPackage.open(models.resolve(BENCH_MODEL));
    FeatureBatch all = tile(LibsvmReader.read(frappeRows, bench.config().nfield()).batch(), TOTAL_ROWS);
    try (BatchRunner runner = new BatchRunner()) {
      try (CompiledModel model = gpu.compile(bench)) {
        Json.print(agreement(model, bench, all.slice(0, 65536)));
        for (int batch : BATCHES) {
          for (int callers : new int[] {1, 4}) {
            double rate = Throughput.measure(model, runner, 1, slices(all, batch), callers, 1.0, 3.0);
            Json.print(throughput("gpu", batch, callers, 1, rate));
          }
        }
      }
      if (cpu) {
        int threads = Runtime.getRuntime().availableProcessors();
        try (CompiledModel model = new CpuBackend().compile(bench)) {
          for (int batch : BATCHES) {
            double rate = Throughput.measure(model, runner, threads, slices(all, batch), 1, 2.0, 3.0);
            Json.print(throughput("cpu", batch, 1, threads, rate));
          }
        }
      }
    }
    System.exit(pass ? 0 : 1);
  }

  /** GPU against CPU logits on the same Frappe rows. */
  private static ObjectNode agreement(CompiledModel model, ModelPackage pkg, FeatureBatch rows) {
    try (CompiledModel cpu = new CpuBackend().compile(pkg)) {
      double[] expected = cpu.forward(rows, Outputs.NONE).logits();
      double[] got = model.forward(rows, Outputs.NONE).logits();
      float[] reference = new float[expected.length];
      for (int i = 0; i < expected.length; i++) {
        reference[i] = (float) expected[i];
      }
      ObjectNode line = Json.line("gpu_vs_cpu");
      line.put("model", BENCH_MODEL);
      line.put("rows", rows.rows());
      line.put("logit_err", ParityCase.worst(reference, got));
      return line;
    }
  }

  private static ObjectNode throughput(String engine, int batch, int callers, int threads, double rate) {
    ObjectNode line = Json.line("throughput");
    line.put("model", BENCH_MODEL);
    line.put("engine", engine);
    line.put("batch", batch);
    line.put("callers", callers);
    line.put("threads", threads);
    line.put("includes_transfers", engine.equals("gpu"));
    line.put("rows_per_s", Math.round(rate));
    return line;
  }

  private static List<Path> sortedDirs(Path root) throws Exception {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** {@code rows} rows made of {@code source}'s rows repeated. */
  private static FeatureBatch tile(FeatureBatch source, int rows) {
    int fields = source.fields();
    int[] ids = new int[rows * fields];
    float[] values = new float[rows * fields];
    int cells = source.rows() * fields;
    for (int at = 0; at < ids.length; at += cells) {
      int n = Math.min(cells, ids.length - at);
      System.arraycopy(source.ids(), 0, ids, at, n);
      System.arraycopy(source.values(), 0, values, at, n);
    }
    return new FeatureBatch(rows, fields, ids, values);
  }

  private static List<FeatureBatch> slices(FeatureBatch all, int batch) {
    List<FeatureBatch> out = new ArrayList<>();
    for (int from = 0; from + batch <= all.rows(); from += batch) {
      out.add(all.slice(from, from + batch));
    }
    return out;
  }
}

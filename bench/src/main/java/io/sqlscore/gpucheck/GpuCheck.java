package io.sqlscore.gpucheck;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.bench.BenchData;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.encode.LibsvmReader;
import io.sqlscore.udf.gpu.GpuBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The GPU check's Java side, run by {@code tests/gpu/check.sh} on a machine with an NVIDIA GPU.
 *
 * <ul>
 *   <li>{@code GpuCheck parity <testvectors dir> <frappe models dir>}: a {@code device} line, then
 *       a {@code parity} line per test vector and per Frappe model with an expected_test_head,
 *       for the synchronous path ({@code forward}) and the pipelined one ({@code submit}), each
 *       with the count of ARM-Net gates and weights whose bits differ from the CPU backend's.
 *       Exits 1 when a case fails, 2 when no GPU can be used.
 *   <li>{@code GpuCheck throughput <repo> <frappe models dir> <frappe test.libsvm> [--seconds S]
 *       [--models a,b] [--cpu] [--adult-libsvm FILE]}: {@code throughput} lines (rows/s,
 *       transfers included) of the four Frappe models and the two bundled Adult models at
 *       batches of 4096 and 65536 rows, one and four callers, synchronous calls and pipelined
 *       ones (each caller submits its next batch before it collects the last; batches larger
 *       than a chunk always run synchronously), a {@code gpu_vs_cpu} line per model, and with
 *       {@code --cpu} the CPU backend on every core for frappe-armnet_plus. {@code --adult-libsvm}
 *       writes the encoded Adult test rows for the PyTorch baseline.
 * </ul>
 */
public final class GpuCheck {
  private static final int[] BATCHES = {4096, 65536};
  private static final int TOTAL_ROWS = 8 * 65536;
  /** The native library's default chunk: larger batches run synchronously even when submitted. */
  private static final int PIPELINED_MAX_BATCH = 16384;
  private static final String[] FRAPPE = {"frappe-armnet", "frappe-armnet_plus", "frappe-autoint",
      "frappe-autoint_plus"};
  private static final String[] ADULT = {"sql-examples/models/adult-armnet_plus",
      "sql-examples/models/adult-autoint_plus"};

  private GpuCheck() {}

  /** Runs one part of the check; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
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
    boolean pass = args[0].equals("parity")
        ? parity(gpu, Path.of(args[1]), Path.of(args[2]))
        : throughput(gpu, args);
    System.exit(pass ? 0 : 1);
  }

  private static boolean parity(GpuBackend gpu, Path vectors, Path models) throws Exception {
    boolean pass = true;
    for (ParityCase.Path path : ParityCase.Path.values()) {
      for (Path dir : sortedDirs(vectors)) {
        ObjectNode line = ParityCase.run(gpu, path, dir.getFileName().toString(), ModelPackage.open(dir),
            SafeTensors.open(dir.resolve("inputs.safetensors")), SafeTensors.open(dir.resolve("expected.safetensors")));
        pass &= line.get("pass").asBoolean();
        Json.print(line);
      }
      for (Path dir : sortedDirs(models)) {
        Path head = dir.resolve("expected_test_head.safetensors");
        if (Files.isRegularFile(head)) {
          SafeTensors expected = SafeTensors.open(head);
          ObjectNode line = ParityCase.run(gpu, path, dir.getFileName().toString(), ModelPackage.open(dir), expected,
              expected);
          pass &= line.get("pass").asBoolean();
          Json.print(line);
        }
      }
    }
    return pass;
  }

  private static boolean throughput(GpuBackend gpu, String[] args) throws Exception {
    Path repo = Path.of(args[1]);
    Path frappeModels = Path.of(args[2]);
    Path frappeRows = Path.of(args[3]);
    double seconds = 3.0;
    List<String> only = null;
    boolean cpu = false;
    Path adultLibsvm = null;
    for (int i = 4; i < args.length; i++) {
      switch (args[i]) {
        case "--seconds":
          seconds = Double.parseDouble(args[++i]);
          break;
        case "--models":
          only = List.of(args[++i].split(","));
          break;
        case "--cpu":
          cpu = true;
          break;
        case "--adult-libsvm":
          adultLibsvm = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<Path> packages = new ArrayList<>();
    for (String name : FRAPPE) {
      packages.add(frappeModels.resolve(name));
    }
    for (String adult : ADULT) {
      packages.add(repo.resolve(adult));
    }
    FeatureBatch adultRows = null;
    try (BatchRunner runner = new BatchRunner()) {
      for (Path dir : packages) {
        String name = dir.getFileName().toString();
        if (only != null && !only.contains(name)) {
          continue;
        }
        ModelPackage pkg = ModelPackage.open(dir);
        FeatureBatch rows;
        if (name.startsWith("adult")) {
          if (adultRows == null) {
            adultRows = BenchData.fromCsv(repo.resolve("sql-examples/data/adult/adult_test.csv"), pkg.config(), name);
            if (adultLibsvm != null) {
              writeLibsvm(adultRows, adultLibsvm);
            }
          }
          rows = adultRows;
        } else {
          rows = LibsvmReader.read(frappeRows, pkg.config().nfield()).batch();
        }
        FeatureBatch all = tile(rows, TOTAL_ROWS);
        try (CompiledModel model = gpu.compile(pkg)) {
          Json.print(agreement(name, model, pkg, all.slice(0, 16384)));
          for (int batch : BATCHES) {
            for (int callers : new int[] {1, 4}) {
              for (Throughput.Mode mode : Throughput.Mode.values()) {
                if (mode == Throughput.Mode.PIPELINED && batch > PIPELINED_MAX_BATCH) {
                  continue;
                }
                double rate = Throughput.measure(model, runner, 1, slices(all, batch), callers, mode, seconds / 3,
                    seconds);
                Json.print(throughput(name, "gpu", mode, batch, callers, 1, rate));
              }
            }
          }
        }
        if (cpu && name.equals("frappe-armnet_plus")) {
          int threads = Runtime.getRuntime().availableProcessors();
          try (CompiledModel model = new CpuBackend().compile(pkg)) {
            for (int batch : BATCHES) {
              double rate = Throughput.measure(model, runner, threads, slices(all, batch), 1, Throughput.Mode.SYNC,
                  seconds / 2, seconds);
              Json.print(throughput(name, "cpu", Throughput.Mode.SYNC, batch, 1, threads, rate));
            }
          }
        }
      }
    }
    return true;
  }

  /** GPU against CPU logits on the same rows. */
  private static ObjectNode agreement(String name, CompiledModel model, ModelPackage pkg, FeatureBatch rows) {
    try (CompiledModel cpu = new CpuBackend().compile(pkg)) {
      double[] expected = cpu.forward(rows, Outputs.NONE).logits();
      double[] got = model.forward(rows, Outputs.NONE).logits();
      float[] reference = new float[expected.length];
      for (int i = 0; i < expected.length; i++) {
        reference[i] = (float) expected[i];
      }
      ObjectNode line = Json.line("gpu_vs_cpu");
      line.put("model", name);
      line.put("rows", rows.rows());
      line.put("logit_err", ParityCase.worst(reference, got));
      return line;
    }
  }

  private static ObjectNode throughput(String model, String engine, Throughput.Mode mode, int batch, int callers,
      int threads, double rate) {
    ObjectNode line = Json.line("throughput");
    line.put("model", model);
    line.put("engine", engine);
    line.put("mode", mode.name().toLowerCase(Locale.ROOT));
    line.put("batch", batch);
    line.put("callers", callers);
    line.put("threads", threads);
    line.put("includes_transfers", engine.equals("gpu"));
    line.put("rows_per_s", Math.round(rate));
    return line;
  }

  /** Encoded rows as libsvm lines ({@code 0 id:value ...}), which the PyTorch baseline reads. */
  private static void writeLibsvm(FeatureBatch rows, Path file) throws IOException {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      int fields = rows.fields();
      for (int r = 0; r < rows.rows(); r++) {
        StringBuilder line = new StringBuilder("0");
        for (int f = 0; f < fields; f++) {
          line.append(' ').append(rows.ids()[r * fields + f]).append(':')
              .append(Float.toString(rows.values()[r * fields + f]));
        }
        out.println(line);
      }
    }
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

package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.cli.progress.ProgressReporter;
import io.sqlscore.cli.score.ScoreCommand;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.cpu.CpuBackend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The process {@code bench-score} measures: {@code ScoreBenchChild WARMUP_INPUT WARMUP_OUTPUT
 * SCORE_ARGS...} first runs the job on a small warm-up input into another folder (as a scheduler
 * process that scores several inputs would: planning and the JIT warm up once), then the job
 * itself while a {@link MemorySampler} samples the heap and Arrow memory, then the kernel alone
 * on the job's model, threads and batch size, for as long as the job took (at least 10 s, at most
 * 30 s), and prints one JSON line with both jobs' seconds, the kernel's rows/s, the CPU time of the
 * JIT compiler threads during the job, the hypervisor's steal during job and kernel
 * ({@link StealTime}), those peaks and the process's peak resident set size. A
 * process of its own per size, so that its memory figures are the job's alone; the kernel runs in
 * the same process, so that job and kernel run the same compiled kernel code (a separate JVM
 * compiles it afresh, and two JVMs' kernel rates were up to 10% apart).
 */
public final class ScoreBenchChild {
  private ScoreBenchChild() {}

  /** Runs the warm-up job and the job; exits with the job's exit code. */
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    List<String> job = List.of(args).subList(2, args.length);
    List<String> warmUp = new ArrayList<>(job);
    warmUp.set(warmUp.indexOf("--input") + 1, args[0]);
    warmUp.set(warmUp.indexOf("--output") + 1, args[1]);
    long start = System.nanoTime();
    int code = score(out, warmUp);
    double warmUpSeconds = (System.nanoTime() - start) / 1e9;
    MemorySampler memory = new MemorySampler();
    Map<String, Double> compilerBefore = compilerCpuSeconds();
    start = System.nanoTime();
    StealTime jobSteal = new StealTime();
    try (memory) {
      code = Math.max(code, score(out, job));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double stealJob = jobSteal.percent();
    ObjectNode line = new ObjectMapper().createObjectNode();
    line.put("warm_up_seconds", warmUpSeconds);
    line.put("seconds", seconds);
    StealTime kernelSteal = new StealTime();
    line.put("kernel_rows_per_s", kernelRowsPerSecond(job, Math.min(Math.max(seconds, 10), 30)));
    line.put("steal_job_pct", stealJob);
    line.put("steal_kernel_pct", kernelSteal.percent());
    line.put("jit_cpu_seconds", compilerCpuSince(compilerBefore));
    line.put("peak_heap_mib", memory.peakHeapMib());
    line.put("peak_arrow_mib", memory.peakArrowMib());
    line.put("peak_rss_mib", MemorySampler.peakRssMib());
    line.put("max_heap_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
    out.println(line);
    System.exit(code);
  }

  /**
   * The kernel's rows/s on the encoded test rows of the job's model ({@code --model}, a package
   * folder) with its {@code --threads} and {@code --batch}, for about {@code seconds}.
   */
  private static double kernelRowsPerSecond(List<String> job, double seconds) {
    Path model = Path.of(job.get(job.indexOf("--model") + 1));
    int threads = Integer.parseInt(job.get(job.indexOf("--threads") + 1));
    int batch = Integer.parseInt(job.get(job.indexOf("--batch") + 1));
    ModelPackage pkg = ModelPackage.open(model);
    try (CompiledModel compiled = new CpuBackend().compile(pkg); BatchRunner runner = new BatchRunner()) {
      FeatureBatch rows = KernelThroughput.testRows(pkg, model.getFileName().toString(), null,
          Path.of(System.getProperty("sqlscore.shared", "../shared")), Path.of(System.getProperty("sqlscore.repo", ".")));
      List<FeatureBatch> batches = KernelThroughput.batches(rows, Math.min(batch, rows.rows()));
      KernelThroughput.runFor(compiled, runner, batches, threads, 2.0);
      return KernelThroughput.runFor(compiled, runner, batches, threads, seconds);
    }
  }

  /**
   * The CPU seconds each JIT compiler thread has used so far, by thread id (Linux: their
   * {@code /proc} task statistics); empty where unavailable. Not the JVM's compilation time,
   * which is wall time and counts a compile that waits for a core.
   */
  private static Map<String, Double> compilerCpuSeconds() {
    Map<String, Double> seconds = new HashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        try {
          if (Files.readString(task.resolve("comm")).contains(" CompilerThre")) {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            seconds.put(task.getFileName().toString(),
                (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
          }
        } catch (IOException e) {
          // the thread exited while being read
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return seconds;
  }

  /**
   * The compiler threads' CPU seconds between {@code before} and now; a compiler thread that
   * exited meanwhile (the JVM stops idle ones) is not counted, so this is a lower bound.
   */
  private static double compilerCpuSince(Map<String, Double> before) {
    double sum = 0;
    for (Map.Entry<String, Double> now : compilerCpuSeconds().entrySet()) {
      sum += now.getValue() - before.getOrDefault(now.getKey(), 0.0);
    }
    return sum;
  }

  private static int score(PrintStream out, List<String> args) {
    return new ScoreCommand(out, System.err, ProgressReporter.Style.QUIET, Duration.ofSeconds(5)).run(null, args);
  }
}

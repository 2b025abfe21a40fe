package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code bench-peak [--threads N]}: this machine's FP32 peak, the denominator of the kernels'
 * roofline, measured rather than looked up. Prints one JSON line:
 *
 * <ul>
 *   <li>{@code clock_ghz}: a chain of dependent shift, xor and add instructions (one cycle of
 *       latency each on every x86-64 and ARM core) per second of the thread's CPU time, which
 *       neither other processes nor the hypervisor's descheduling inflate;
 *   <li>{@code fma_per_cycle}: ten independent chains of 8-lane (AVX2) fused multiply-adds from
 *       the Vector API, per cycle of that clock on one thread, and {@code fma_units}, its
 *       rounding (the number of FMA pipes per core);
 *   <li>{@code peak_gflops}: cores × lanes × 2 flops × FMA units × clock;
 *   <li>{@code measured_gflops}: the same FMA loop on {@code --threads} threads at once (default
 *       all cores), per wall second, best of five rounds: what Java reaches on this machine.
 * </ul>
 */
final class PeakCommand {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final long CHAIN_STEPS = 200_000_000L;
  private static final long FMA_STEPS = 50_000_000L;
  private static final int ROUNDS = 5;

  /** Keeps results alive so that the JIT cannot drop the loops that made them. */
  static volatile float sink;
  static volatile long longSink;
  /** Read once before each loop, so that its inputs are not constants. */
  static volatile float seed = 1f;

  private PeakCommand() {}

  static int run(String[] args, PrintStream out) throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    CommandArgs parsed = new CommandArgs(List.of(args), Map.of("--threads", 1));
    parsed.requirePositional(0, "only options (usage: bench-peak [--threads N])");
    int threads = parsed.integer("--threads", cores, 1);
    double clock = 0;
    double fmaPerSecond = 0;
    for (int round = 0; round < ROUNDS; round++) {
      clock = Math.max(clock, chainStepsPerCpuSecond() * 3 / 1e9);
      fmaPerSecond = Math.max(fmaPerSecond, fmaPerCpuSecond());
    }
    double fmaPerCycle = fmaPerSecond / (clock * 1e9);
    long units = Math.max(1, Math.round(fmaPerCycle));
    int lanes = SPECIES.length();
    double measured = 0;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        measured = Math.max(measured, parallelGflops(pool, threads));
      }
    } finally {
      pool.shutdownNow();
    }
    ObjectNode line = new ObjectMapper().createObjectNode();
    line.put("cores", cores);
    line.put("lanes", lanes);
    line.put("clock_ghz", round(clock));
    line.put("fma_per_cycle", round(fmaPerCycle));
    line.put("fma_units", units);
    line.put("peak_gflops", round(cores * lanes * 2.0 * units * clock));
    line.put("threads", threads);
    line.put("measured_gflops", round(measured));
    out.println(line);
    return 0;
  }

  /** Steps of a dependent three-instruction chain per second of this thread's CPU time. */
  private static double chainStepsPerCpuSecond() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long x = (long) seed;
    long start = mx.getCurrentThreadCpuTime();
    for (long i = 0; i < CHAIN_STEPS; i++) {
      x = (x ^ (x >>> 7)) + 0x9E3779B97F4A7C15L;
    }
    long used = mx.getCurrentThreadCpuTime() - start;
    longSink = x;
    return CHAIN_STEPS / (used / 1e9);
  }

  /** Vector fused multiply-adds per second of this thread's CPU time. */
  private static double fmaPerCpuSecond() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long start = mx.getCurrentThreadCpuTime();
    fmaLoop();
    long used = mx.getCurrentThreadCpuTime() - start;
    return FMA_STEPS * 10 / (used / 1e9);
  }

  /** Ten independent chains of FMA_STEPS multiply-adds each. */
  private static void fmaLoop() {
    float s = seed;
    FloatVector b = FloatVector.broadcast(SPECIES, 0.9999f * s);
    FloatVector c = FloatVector.broadcast(SPECIES, 1e-4f * s);
    FloatVector a0 = FloatVector.broadcast(SPECIES, s);
    FloatVector a1 = FloatVector.broadcast(SPECIES, 1.1f * s);
    FloatVector a2 = FloatVector.broadcast(SPECIES, 1.2f * s);
    FloatVector a3 = FloatVector.broadcast(SPECIES, 1.3f * s);
    FloatVector a4 = FloatVector.broadcast(SPECIES, 1.4f * s);
    FloatVector a5 = FloatVector.broadcast(SPECIES, 1.5f * s);
    FloatVector a6 = FloatVector.broadcast(SPECIES, 1.6f * s);
    FloatVector a7 = FloatVector.broadcast(SPECIES, 1.7f * s);
    FloatVector a8 = FloatVector.broadcast(SPECIES, 1.8f * s);
    FloatVector a9 = FloatVector.broadcast(SPECIES, 1.9f * s);
    for (long i = 0; i < FMA_STEPS; i++) {
      a0 = a0.fma(b, c);
      a1 = a1.fma(b, c);
      a2 = a2.fma(b, c);
      a3 = a3.fma(b, c);
      a4 = a4.fma(b, c);
      a5 = a5.fma(b, c);
      a6 = a6.fma(b, c);
      a7 = a7.fma(b, c);
      a8 = a8.fma(b, c);
      a9 = a9.fma(b, c);
    }
    FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9);
    sink = sum.reduceLanes(VectorOperators.ADD);
  }

  /** GFLOP/s of the FMA loop on {@code threads} threads at once, per wall second. */
  private static double parallelGflops(ExecutorService pool, int threads) throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(() -> {
        fmaLoop();
        return null;
      });
    }
    long start = System.nanoTime();
    for (Future<Void> done : pool.invokeAll(tasks)) {
      done.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return threads * FMA_STEPS * 10.0 * SPECIES.length() * 2 / seconds / 1e9;
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }
}

package io.sqlscore.bench;

import io.sqlscore.planner.engine.Engine;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples, every 20 ms while a benchmark query runs, the JVM heap in use and the Arrow memory
 * the engine has allocated (direct memory), and keeps the peaks.
 */
final class MemorySampler implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakHeap;
  private volatile long peakArrow;

  MemorySampler() {
    thread = new Thread(this::sample, "bench-memory-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (running) {
      peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
      peakArrow = Math.max(peakArrow, Engine.get().memory().allocatedBytes());
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Peak heap in use, in MiB. */
  double peakHeapMib() {
    return peakHeap / 1048576.0;
  }

  /**
   * The peak resident set size of this process so far (Linux's {@code VmHWM}: heap, direct and
   * native memory, DuckDB's included), in MiB, or -1 where it cannot be read.
   */
  static double peakRssMib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Peak Arrow (direct) memory, in MiB. */
  double peakArrowMib() {
    return peakArrow / 1048576.0;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}

package io.sqlscore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time the hypervisor gave to other guests ("steal", Linux {@code /proc/stat}) while a
 * measurement ran, as a share of the machine's CPU time: on a shared virtual machine the rates
 * of a job and of the kernel it is compared with are only comparable when both lost about the
 * same share.
 */
final class StealTime {
  /** Clock ticks per second of {@code /proc/stat} (USER_HZ, 100 on Linux). */
  private static final double TICKS_PER_SECOND = 100;

  private final long start = ticks();
  private final long startNanos = System.nanoTime();

  /** Steal since this object was made, in percent of all processors' time; -1 where unknown. */
  double percent() {
    long now = ticks();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (start < 0 || now < 0 || seconds <= 0) {
      return -1;
    }
    return 100 * (now - start) / (TICKS_PER_SECOND * seconds * Runtime.getRuntime().availableProcessors());
  }

  /** The machine's steal ticks so far (the eighth number of the {@code cpu} line); -1 where unreadable. */
  private static long ticks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      return fields.length > 8 ? Long.parseLong(fields[8]) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}

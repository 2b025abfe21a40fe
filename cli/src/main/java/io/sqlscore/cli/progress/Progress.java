package io.sqlscore.cli.progress;

import java.util.Locale;

/**
 * Where a long statement or job stands, as one line of text.
 *
 * @param done rows done, including rows done by earlier runs of a resumed job
 * @param total rows to do in all, or -1 when unknown
 * @param doneThisRun rows done by this run, which the rate is computed from
 * @param seconds seconds this run has taken
 * @param files output files written, including earlier runs'
 * @param filesTotal output files the job writes in all, or -1 when it writes none
 */
public record Progress(long done, long total, long doneThisRun, double seconds, long files, long filesTotal) {
  /** Progress of a statement that scores an unknown number of rows into no file. */
  public static Progress ofRows(long done, double seconds) {
    return new Progress(done, -1, done, seconds, 0, -1);
  }

  /** Rows per second this run, or 0 before any time has passed. */
  public double rowsPerSecond() {
    return seconds > 0 ? doneThisRun / seconds : 0;
  }

  /**
   * The line: {@code scored 1,200,000 of 10,000,000 rows (12.0%), 150,210 rows/s, ETA 58 s,
   * 1 of 10 files}; the parts whose figures are unknown are left out.
   */
  public String line() {
    StringBuilder sb = new StringBuilder("scored ").append(count(done));
    if (total >= 0) {
      sb.append(" of ").append(count(total)).append(" rows (")
          .append(String.format(Locale.ROOT, "%.1f%%", total == 0 ? 100.0 : 100.0 * done / total)).append(')');
    } else {
      sb.append(" rows");
    }
    double rate = rowsPerSecond();
    sb.append(", ").append(count(Math.round(rate))).append(" rows/s");
    if (total >= 0 && rate > 0 && done < total) {
      sb.append(", ETA ").append(duration((total - done) / rate));
    } else if (total < 0) {
      sb.append(", ").append(duration(seconds));
    }
    if (filesTotal >= 0) {
      sb.append(", ").append(files).append(" of ").append(filesTotal).append(filesTotal == 1 ? " file" : " files");
    }
    return sb.toString();
  }

  /** {@code 1,234,567}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 8.2 s}, {@code 3 min 05 s} or {@code 2 h 07 min}. */
  public static String duration(double seconds) {
    long whole = Math.round(seconds);
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    if (whole < 3600) {
      return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
  }
}

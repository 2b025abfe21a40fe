package io.sqlscore.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress output of {@code sqlscore score} when standard output is not a terminal (a
 * scheduler's log): plain lines at the interval, each with rows done of the total, percent,
 * rows/s, ETA and files, then the summary; nothing with {@code --quiet}.
 */
class ScoreProgressTest {
  private static final Pattern LINE = Pattern.compile(
      "scored [\\d,]+ of 16,281 rows \\(\\d+\\.\\d%\\), [\\d,]+ rows/s(, ETA [^,]+)?, \\d of 5 files");

  @TempDir Path dir;

  @Test
  void plainLinesThenTheSummary() {
    String[] args = {"--model", ScoreFixture.autoInt().toString(), "--input", ScoreFixture.adultCsv().toString(),
        "--key", "id", "--rows-per-file", "4000", "--threads", "1", "--batch", "256"};
    ScoreFixture.Run run = ScoreFixture.score(20, with(args, "--output", dir.resolve("logged").toString()));
    assertEquals(0, run.code(), run.err());
    assertFalse(run.out().contains("\r"), run.out());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.size() >= 2, "at least one progress line and the summary: " + run.out());
    for (String line : lines.subList(0, lines.size() - 1)) {
      assertTrue(LINE.matcher(line).matches(), "progress line: " + line);
    }
    assertTrue(lines.get(lines.size() - 1).startsWith("scored 16,281 rows of '" + ScoreFixture.adultCsv()
        + "' (1 CSV file) with adult_autoint_plus@1 into folder '" + dir.resolve("logged") + "' (5 files) in "),
        lines.get(lines.size() - 1));

    ScoreFixture.Run quiet = ScoreFixture.score(20, with(args, "--output", dir.resolve("quiet").toString(),
        "--where", "id < 500", "--quiet"));
    assertEquals(0, quiet.code(), quiet.err());
    assertEquals("", quiet.out());
  }

  private static String[] with(String[] args, String... more) {
    String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}

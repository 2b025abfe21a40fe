package io.sqlscore.cli.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.planner.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) the real command, {@code io.sqlscore.shell.Main score}, in a child JVM twice in
 * the middle of a job, once right after a chunk was committed and once a moment later, then lets a
 * rerun finish it: the union of the output files holds every key exactly once, with the same
 * scores and the same files as an uninterrupted run, and no temporary file is left.
 */
class ScoreKillTest {
  private static final int ROWS = 16_281;

  @TempDir Path dir;

  @Test
  void killedJobsResumeAndWriteEveryRowExactlyOnce() throws Exception {
    Path input = dir.resolve("events");
    ScoreFixture.writeParquet(input, ScoreFixture.adultRows(1), 3);
    List<String> job = List.of("--model", ScoreFixture.autoInt().toString(), "--input", input + "/*.parquet",
        "--key", "id", "--rows-per-file", "1000");
    List<String> slowly = with(job, "--threads", "1", "--batch", "500");
    Path killed = dir.resolve("killed");
    int committed = runAndKill(killed, slowly, 2, 0, dir.resolve("child-1.log"));
    int again = runAndKill(killed, slowly, committed + 2, ThreadLocalRandom.current().nextInt(150),
        dir.resolve("child-2.log"));
    assertTrue(again >= committed + 2, "the second run resumed and committed more: " + committed + ", " + again);

    ScoreFixture.Run last = ScoreFixture.score(with(job, "--output", killed.toString()).toArray(new String[0]));
    assertEquals(0, last.code(), last.err());
    assertTrue(last.out().contains("resuming the job in folder '" + killed + "': "), last.out());
    Path reference = dir.resolve("reference");
    ScoreFixture.Run uninterrupted = ScoreFixture.score(
        with(job, "--output", reference.toString()).toArray(new String[0]));
    assertEquals(0, uninterrupted.code(), uninterrupted.err());

    assertEquals(ScoreFixture.names(reference), ScoreFixture.names(killed), "the same files");
    assertFalse(ScoreFixture.names(killed).stream().anyMatch(name -> name.endsWith(".tmp")));
    var scores = ScoreFixture.scores("read_parquet('" + killed + "/part-*.parquet')");
    assertEquals(ROWS, scores.size(), "every key once");
    assertEquals(ScoreFixture.scores("read_parquet('" + reference + "/part-*.parquet')"), scores);
    for (String part : ScoreFixture.names(reference)) {
      if (part.startsWith("part-")) {
        assertEquals(ScoreFixture.scores("'" + reference.resolve(part) + "'"),
            ScoreFixture.scores("'" + killed.resolve(part) + "'"), part);
      }
    }
    assertEquals(0, Engine.get().memory().allocatedBytes(), "Arrow memory left after the test");
  }

  /**
   * Starts the job in a child JVM (one scoring thread, small batches, so that it takes a while),
   * waits (bounded) until the manifest records at least {@code chunks} chunks, waits
   * {@code delayMillis} more, kills the child, and returns the chunks committed by then.
   */
  private static int runAndKill(Path output, List<String> job, int chunks, int delayMillis, Path log)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("sqlscore.jvmArgs",
        "--add-opens=java.base/java.nio=ALL-UNNAMED --add-modules=jdk.incubator.vector").trim().split("\\s+")));
    command.addAll(List.of("-Xmx1g", "-Dsqlscore.repo=" + ScoreFixture.repo(), "-cp",
        System.getProperty("java.class.path"), "io.sqlscore.shell.Main", "score"));
    command.addAll(with(job, "--output", output.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (committed(output) < chunks) {
        assertTrue(process.isAlive(), "the job ended before it was killed: " + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "no progress within 180 s: " + Files.readString(log));
        Thread.sleep(10);
      }
      Thread.sleep(delayMillis);
    } finally {
      process.destroyForcibly();
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
    }
    return committed(output);
  }

  /** The chunks the manifest records (complete lines only). */
  private static int committed(Path output) throws Exception {
    Path manifest = output.resolve(Manifest.NAME);
    if (!Files.exists(manifest)) {
      return 0;
    }
    String text = new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? 0 : (int) text.substring(0, end).lines().filter(l -> l.contains("\"type\":\"chunk\"")).count();
  }

  private static List<String> with(List<String> job, String... more) {
    List<String> args = new ArrayList<>(job);
    args.addAll(List.of(more));
    return args;
  }
}

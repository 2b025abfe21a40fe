package io.sqlscore.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task failure injected in the middle of a streaming ML_PREDICT job with checkpoints: the job
 * restarts from its last checkpoint (it reads fewer rows again than the whole input) and its
 * filesystem sink ends with every Adult row exactly once, with the model's score.
 */
class FailoverTest {
  @RegisterExtension
  static final MiniClusterExtension CLUSTER = AdultFlink.cluster(2);

  /** Rows scored before the failure may be injected. */
  private static final long FAIL_AFTER = 6_000;
  private static final AtomicBoolean FAILED = new AtomicBoolean();
  private static final AtomicLong ROWS_AT_FAILURE = new AtomicLong();
  private static final AtomicLong SEEN = new AtomicLong();
  private static volatile Path sinkDirectory;

  /**
   * Passes ids through; once, after {@link #FAIL_AFTER} rows and once a checkpoint has committed
   * output files, throws (until then it slows down, so that a checkpoint completes first).
   */
  public static final class FailOnce extends ScalarFunction {
    private static final long serialVersionUID = 1L;

    /** The id, or a failure. */
    public Long eval(Long id) throws InterruptedException {
      long seen = SEEN.incrementAndGet();
      if (seen > FAIL_AFTER && !FAILED.get()) {
        if (committedFiles(sinkDirectory).isEmpty()) {
          Thread.sleep(1);
        } else if (FAILED.compareAndSet(false, true)) {
          ROWS_AT_FAILURE.set(seen);
          throw new IllegalStateException("injected failure after " + seen + " rows");
        }
      }
      return id;
    }

    @Override
    public boolean isDeterministic() {
      return false;
    }
  }

  @Test
  void restartsFromCheckpointAndWritesEveryRowOnce(@TempDir Path dir) throws Exception {
    sinkDirectory = Files.createDirectories(dir.resolve("scored"));
    TableEnvironment flink = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    // One chain from source to sink: a checkpoint barrier then never waits behind buffered rows.
    flink.getConfig().set("parallelism.default", "1");
    flink.getConfig().set("execution.checkpointing.interval", "200 ms");
    flink.getConfig().set("restart-strategy.type", "fixed-delay");
    flink.getConfig().set("restart-strategy.fixed-delay.attempts", "2");
    flink.getConfig().set("restart-strategy.fixed-delay.delay", "200 ms");
    flink.getConfig().set("table.exec.async-ml-predict.max-concurrent-operations", "256");
    flink.executeSql(AdultFlink.tableDdl("adult", AdultFlink.csvDirectory(dir, AdultFlink.ROWS)));
    flink.executeSql(AdultFlink.modelDdl("failover_armnet", "score DOUBLE",
        "'package' = '" + AdultFlink.modelPackage("models/adult-armnet_plus") + "'"));
    flink.executeSql("CREATE TABLE scored (id BIGINT, score DOUBLE) WITH ('connector' = 'filesystem', "
        + "'path' = '" + sinkDirectory + "', 'format' = 'csv')");
    flink.createTemporarySystemFunction("fail_once", FailOnce.class);

    flink.executeSql("INSERT INTO scored SELECT fail_once(id), score FROM ML_PREDICT(TABLE adult, "
        + "MODEL failover_armnet, DESCRIPTOR(" + AdultFlink.FEATURES + "))").await();

    assertTrue(FAILED.get(), "the failure was injected");
    long readAgain = SEEN.get() - ROWS_AT_FAILURE.get();
    assertTrue(readAgain < AdultFlink.ROWS,
        "after the failure the job read " + readAgain + " rows again: it did not resume from a checkpoint");
    Map<Long, Double> expected = AdultFlink.expectedScores("models/adult-armnet_plus");
    Map<Long, Integer> times = new HashMap<>();
    for (Path file : committedFiles(sinkDirectory)) {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.split(",");
        long id = Long.parseLong(parts[0]);
        times.merge(id, 1, Integer::sum);
        Double score = expected.get(id);
        assertNotNull(score, "row " + id);
        assertEquals(score, Double.parseDouble(parts[1]), 1e-6, "score of row " + id);
      }
    }
    assertEquals(AdultFlink.ROWS, times.size(), "every row is in the sink");
    times.forEach((id, n) -> assertEquals(1, n, "row " + id + " is in the sink once"));
  }

  /** The files a filesystem sink has committed in {@code directory} (in-progress files are hidden). */
  private static List<Path> committedFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

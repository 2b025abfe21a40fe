package io.sqlscore.bench;

import io.sqlscore.arrow.ArrowMemory;
import io.sqlscore.arrow.ArrowQuery;
import io.sqlscore.arrow.ArrowTableWriter;
import io.sqlscore.arrow.DuckDbConnections;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows per second for reading a 10-column numeric DuckDB table of 10M rows as Arrow batches
 * (DuckDB's Arrow export) and for writing those batches into a new DuckDB table (Arrow stream
 * registration). JMH's score is rows/s: one operation is one row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xmx2g"})
public class ArrowIoBenchmark {
  /** Rows in the benchmark table. */
  static final int ROWS = 10_000_000;

  private ArrowMemory memory;
  private DuckDBConnection duck;
  private DuckDBConnection reading;

  /** Creates the table: one BIGINT key and nine numeric columns of mixed types. */
  @Setup(Level.Trial)
  public void createTable() throws SQLException {
    memory = new ArrowMemory();
    Properties streaming = new Properties();
    streaming.setProperty("jdbc_stream_results", "true");
    duck = DuckDbConnections.open(":memory:bench_arrow_io", streaming);
    reading = DuckDbConnections.duplicate(duck);
    try (Statement s = duck.createStatement()) {
      s.execute("CREATE OR REPLACE TABLE numbers AS SELECT i AS id, i % 97 AS a, (i * 31) % 1000 AS b, "
          + "i / 3.0 AS c, (i % 13)::INTEGER AS d, (i % 7)::SMALLINT AS e, (i * 0.25)::FLOAT AS f, "
          + "sqrt(i)::DOUBLE AS g, (i % 100000)::BIGINT AS h, (i & 255)::INTEGER AS j "
          + "FROM range(" + ROWS + ") t(i)");
    }
  }

  /** Drops the copies written by the write benchmark. */
  @Setup(Level.Invocation)
  public void dropCopy() throws SQLException {
    try (Statement s = duck.createStatement()) {
      s.execute("DROP TABLE IF EXISTS numbers_copy");
    }
  }

  /** Reads every row as Arrow batches. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long read() throws Exception {
    long rows = 0;
    try (BufferAllocator allocator = memory.newChild("read");
        ArrowQuery query = ArrowQuery.open(reading, "SELECT * FROM numbers", List.of(), allocator, 65536)) {
      ArrowReader reader = query.reader();
      while (reader.loadNextBatch()) {
        rows += reader.getVectorSchemaRoot().getRowCount();
      }
    }
    return rows;
  }

  /** Reads every row as Arrow batches and writes them into a new table. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long write() {
    try (BufferAllocator allocator = memory.newChild("write");
        ArrowQuery query = ArrowQuery.open(reading, "SELECT * FROM numbers", List.of(), allocator, 65536)) {
      return ArrowTableWriter.createTable(duck, "numbers_copy", query.reader(), allocator);
    }
  }

  /** Closes the connections and checks nothing leaked. */
  @TearDown(Level.Trial)
  public void close() throws SQLException {
    reading.close();
    duck.close();
    memory.close();
  }
}

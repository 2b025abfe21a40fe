package io.sqlscore.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sqlscore.error.CommandArgs;
import io.sqlscore.jdbc.SqlscoreDriver;
import io.sqlscore.server.ServerConfig;
import io.sqlscore.server.ServerLog;
import io.sqlscore.server.SqlscoreServer;
import io.sqlscore.server.auth.PasswordHash;
import io.sqlscore.server.auth.Role;
import io.sqlscore.server.auth.UserFile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code bench-serve [--clients 16] [--seconds 60] [--rows 1000000] [--threads T] [--rounds 1]
 * [--db FILE]}: the Flight SQL server under load against the embedded engine, in one run. Each
 * round has an embedded phase (each client an embedded JDBC connection) and a served phase (each
 * client a Flight SQL client over loopback, signed in), each {@code --seconds} long, on the same
 * database and scoring threads. Half the clients run {@code avg(PREDICT(...))} over the whole
 * {@code --rows}-row table, the other half read 1%-of-the-table (10,000-row) scored result
 * streams; one more client runs a 10-row scoring query every 100 ms. A phase ends when the
 * queries running at its end finish; every query runs once on each path before the first phase.
 * Prints one JSON line per phase (scored rows/s, queries,
 * errors, p50/p99 of the small query, peak heap and Arrow memory in each half of the phase) and a
 * summary line with the served to embedded ratio of scored rows/s.
 */
public final class ServeBenchCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "bench";
  private static final String PASSWORD = "bench-password";
  private static final String AGGREGATE = "SELECT avg(PREDICT('adult')) FROM bench";
  private static final String SMALL = "SELECT id, PREDICT('adult') AS p FROM bench WHERE id < 10";

  private static final String USAGE =
      "usage: bench-serve [--clients 16] [--seconds 60] [--rows 1000000] [--threads T] [--rounds 1] [--db FILE]";
  private static final Map<String, Integer> OPTIONS =
      Map.of("--clients", 1, "--seconds", 1, "--rows", 1, "--threads", 1, "--rounds", 1, "--db", 1);

  private final int clients;
  private final int seconds;
  private final long rows;
  private final int threads;
  private final int rounds;
  private final Path db;
  private final PrintStream out;
  private final Path repo = Path.of(System.getProperty("sqlscore.repo", "."));

  private ServeBenchCommand(String[] args, PrintStream out) {
    this.out = out;
    CommandArgs parsed = new CommandArgs(List.of(args), OPTIONS);
    parsed.requirePositional(0, "only options (" + USAGE + ")");
    clients = parsed.integer("--clients", 16, 1);
    seconds = parsed.integer("--seconds", 60, 1);
    rows = parsed.longInteger("--rows", 1_000_000L, 1);
    threads = parsed.integer("--threads", Runtime.getRuntime().availableProcessors(), 1);
    rounds = parsed.integer("--rounds", 1, 1);
    String file = parsed.value("--db", null);
    db = file == null ? null : Path.of(file);
  }

  /** Runs the benchmark; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws Exception {
    return new ServeBenchCommand(args, out).run();
  }

  private int run() throws Exception {
    Path dir = Files.createTempDirectory("sqlscore-bench-serve-");
    Path file = db != null ? db : dir.resolve("bench.duckdb");
    Files.deleteIfExists(file);
    Path users = dir.resolve("users.txt");
    new UserFile(users).add(USER, Role.READER, PASSWORD.toCharArray(), PasswordHash.DEFAULT_ITERATIONS);
    try {
      load(file);
      ServerConfig config = ServerConfig.defaults(file).withAddress("127.0.0.1", 0).withUsers(users);
      try (SqlscoreServer server = SqlscoreServer.start(config, new ServerLog(new PrintStream(OutputStream.nullOutputStream())))) {
        warmUp(new EmbeddedClient(file, threads));
        warmUp(new ServedClient(server.port(), threads));
        double embedded = 0;
        double served = 0;
        for (int round = 0; round < rounds; round++) {
          embedded += phase("embedded", () -> new EmbeddedClient(file, threads));
          served += phase("served", () -> new ServedClient(server.port(), threads));
        }
        ObjectNode summary = JSON.createObjectNode();
        summary.put("clients", clients);
        summary.put("threads", threads);
        summary.put("rows", rows);
        summary.put("seconds", seconds);
        summary.put("rounds", rounds);
        summary.put("served_rows_per_s", round(served / rounds));
        summary.put("embedded_rows_per_s", round(embedded / rounds));
        summary.put("served_to_embedded", round(served / embedded));
        out.println(summary);
      }
    } finally {
      for (String name : List.of(file.toString(), file + ".wal", users.toString())) {
        Files.deleteIfExists(Path.of(name));
      }
      Files.deleteIfExists(dir);
    }
    return 0;
  }

  /** The Adult test rows repeated to {@code rows} rows (ids kept unique) and the model {@code adult}. */
  private void load(Path file) throws Exception {
    try (Connection connection = DriverManager.getConnection(SqlscoreDriver.PREFIX + file);
        Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE adult_base AS SELECT * FROM read_csv('"
          + repo.resolve("sql-examples/data/adult/adult_test.csv") + "', header = true, nullstr = '')");
      s.execute("CREATE TABLE bench AS SELECT * REPLACE (id + copy * 100000 AS id) FROM adult_base, range("
          + ((rows + 16280) / 16281) + ") t(copy) LIMIT " + rows);
      s.execute("CREATE MODEL adult FROM '" + repo.resolve("sql-examples/models/adult-armnet_plus") + "'");
    }
  }

  /** Runs each query of the benchmark once, untimed, so that neither phase pays for compiling code. */
  private static void warmUp(Client client) throws Exception {
    try (client) {
      for (String sql : List.of(AGGREGATE, stream(0), SMALL)) {
        client.run(sql);
      }
    }
  }

  private static String stream(int slice) {
    return "SELECT id, PREDICT('adult') AS p FROM bench WHERE id % 100 = " + slice % 100;
  }

  /** One benchmark client: runs a query and returns the rows it read. */
  private interface Client extends AutoCloseable {
    long run(String sql) throws Exception;
  }

  @FunctionalInterface
  private interface ClientFactory {
    Client open() throws Exception;
  }

  /** Runs one phase and prints its line; returns its scored rows/s. */
  private double phase(String name, ClientFactory factory) throws Exception {
    List<Client> opened = new ArrayList<>();
    for (int i = 0; i <= clients; i++) {
      opened.add(factory.open());
    }
    AtomicLong scored = new AtomicLong();
    AtomicLong aggregates = new AtomicLong();
    AtomicLong streams = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Client client = opened.get(i);
      boolean aggregate = i % 2 == 0;
      int slice = i;
      workers.add(started("bench-client-" + i, () -> {
        int k = slice;
        while (System.nanoTime() < end) {
          try {
            if (aggregate) {
              client.run(AGGREGATE);
              scored.addAndGet(rows);
              aggregates.incrementAndGet();
            } else {
              scored.addAndGet(client.run(stream(k++)));
              streams.incrementAndGet();
            }
          } catch (Exception e) {
            errors.incrementAndGet();
          }
        }
      }));
    }
    Client small = opened.get(clients);
    workers.add(started("bench-small-query", () -> {
      while (System.nanoTime() < end) {
        long began = System.nanoTime();
        try {
          small.run(SMALL);
          latencies.add((System.nanoTime() - began) / 1e6);
        } catch (Exception e) {
          errors.incrementAndGet();
        }
        long wait = 100 - (System.nanoTime() - began) / 1_000_000;
        if (wait > 0) {
          try {
            Thread.sleep(wait);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }));
    double[] heap = new double[2];
    double[] arrow = new double[2];
    for (int half = 0; half < 2; half++) {
      try (MemorySampler memory = new MemorySampler()) {
        long halfEnd = start + (half + 1) * (end - start) / 2;
        while (System.nanoTime() < halfEnd) {
          Thread.sleep(50);
        }
        if (half == 1) {
          for (Thread worker : workers) {
            worker.join();
          }
        }
        heap[half] = memory.peakHeapMib();
        arrow[half] = memory.peakArrowMib();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (Client client : opened) {
      client.close();
    }
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    double rowsPerSecond = scored.get() / elapsed;
    ObjectNode line = JSON.createObjectNode();
    line.put("phase", name);
    line.put("clients", clients);
    line.put("threads", threads);
    line.put("seconds", round(elapsed));
    line.put("scored_rows_per_s", round(rowsPerSecond));
    line.put("aggregate_queries", aggregates.get());
    line.put("stream_queries", streams.get());
    line.put("small_queries", sorted.size());
    line.put("small_p50_ms", round(percentile(sorted, 0.50)));
    line.put("small_p99_ms", round(percentile(sorted, 0.99)));
    line.put("errors", errors.get());
    line.put("peak_heap_mib_first_half", round(heap[0]));
    line.put("peak_heap_mib_second_half", round(heap[1]));
    line.put("peak_arrow_mib_first_half", round(arrow[0]));
    line.put("peak_arrow_mib_second_half", round(arrow[1]));
    out.println(line);
    return rowsPerSecond;
  }

  private static Thread started(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.start();
    return thread;
  }

  private static double percentile(List<Double> sorted, double p) {
    return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private static double round(double value) {
    return Double.isNaN(value) ? value : Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
  }

  /** A client of the embedded engine: a sqlscore JDBC connection in this process. */
  private static final class EmbeddedClient implements Client {
    private final Connection connection;

    EmbeddedClient(Path file, int threads) throws Exception {
      connection = DriverManager.getConnection(SqlscoreDriver.PREFIX + file);
      try (Statement s = connection.createStatement()) {
        s.execute("SET scoring_threads = " + threads);
      }
    }

    @Override
    public long run(String sql) throws Exception {
      long n = 0;
      try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
        while (rows.next()) {
          n++;
        }
      }
      return n;
    }

    @Override
    public void close() throws Exception {
      connection.close();
    }
  }

  /** A client of the server: a Flight SQL client over loopback, signed in, reading Arrow batches. */
  private static final class ServedClient implements Client {
    private final BufferAllocator allocator = new RootAllocator();
    private final FlightClient flight;
    private final FlightSqlClient sql;
    private final CallOption token;

    ServedClient(int port, int threads) {
      flight = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", port)).build();
      token = flight.authenticateBasicToken(USER, PASSWORD).orElseThrow();
      sql = new FlightSqlClient(flight);
      sql.executeUpdate("SET scoring_threads = " + threads, token);
    }

    @Override
    public long run(String query) throws Exception {
      FlightInfo info = sql.execute(query, token);
      long n = 0;
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket(), token)) {
        while (stream.next()) {
          n += stream.getRoot().getRowCount();
        }
      }
      return n;
    }

    @Override
    public void close() throws Exception {
      try {
        flight.close();
      } finally {
        allocator.close();
      }
    }
  }
}

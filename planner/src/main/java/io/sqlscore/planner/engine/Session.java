package io.sqlscore.planner.engine;

import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.planner.plan.QueryPlanner;
import io.sqlscore.registry.ModelRegistry;
import io.sqlscore.registry.RegistrySchema;
import io.sqlscore.planner.plan.SqlscoreOperators;
import io.sqlscore.planner.rules.PredictRules;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.util.function.Consumer;
import org.duckdb.DuckDBConnection;

/**
 * One sqlscore connection: a DuckDB connection, the connection's settings, and the statement
 * pipeline (route, plan, execute). Not thread-safe, like a JDBC connection's statements; cancel
 * and timeouts are safe from other threads through {@link QueryContext}.
 */
public final class Session implements AutoCloseable {
  private final Engine engine;
  private final String location;
  private final DuckDBConnection duck;
  private final Settings settings;
  private final StatementRouter router;
  private final Set<StatementResult> openResults = ConcurrentHashMap.newKeySet();
  private ModelRegistry registry;
  private boolean registryExists;
  private volatile Consumer<TrainingEpoch> trainingListener = epoch -> { };

  private Session(Engine engine, String location, DuckDBConnection duck, Settings settings) {
    this.engine = engine;
    this.location = location;
    this.duck = duck;
    this.settings = settings;
    this.router = new StatementRouter(
        new QueryPlanner(SqlscoreOperators.table(), PredictRules.program()));
  }

  /**
   * Opens a session on the DuckDB database at {@code location} (a file path or
   * {@code :memory:}). sqlscore settings in {@code properties} configure the session; the other
   * properties go to DuckDB. Fails with JVM_OPTION_MISSING when the JVM lacks an option sqlscore
   * needs ({@link JvmOptions}).
   */
  public static Session open(String location, Properties properties) {
    JvmOptions.check();
    Properties duckProperties = new Properties();
    for (String name : properties.stringPropertyNames()) {
      if (!Settings.isSetting(name)) {
        duckProperties.setProperty(name, properties.getProperty(name));
      }
    }
    Settings settings = Settings.from(properties);
    return new Session(Engine.get(), location, DuckDbConnections.open(location, duckProperties), settings);
  }

  /** The engine this session belongs to. */
  public Engine engine() {
    return engine;
  }

  /** Where the database lives: a file path or {@code :memory:}. */
  public String location() {
    return location;
  }

  /** The DuckDB connection statements run on. */
  public DuckDBConnection duck() {
    return duck;
  }

  /** The model registry of the session's database. */
  public ModelRegistry registry() {
    if (registry == null) {
      registry = new ModelRegistry(duck);
    }
    return registry;
  }

  /**
   * A connection to read a scoring stream's input on: a new streaming connection to the same
   * database in autocommit mode; inside an explicit transaction, the session's own connection,
   * so that the input sees the transaction's uncommitted changes. Close it when done (closing
   * the session's own connection this way does nothing).
   */
  public ScanConnection scanConnection() {
    try {
      if (!duck.getAutoCommit()) {
        return new ScanConnection(duck, false);
      }
      DuckDBConnection scan = DuckDbConnections.duplicate(duck);
      try (java.sql.Statement s = scan.createStatement()) {
        s.execute("SET SESSION jdbc_stream_results = true");
      }
      return new ScanConnection(scan, true);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The session's settings. */
  public Settings settings() {
    return settings;
  }

  /**
   * Receives a line of progress after every epoch of a {@code CREATE MODEL ... AS} statement on
   * this session (the shell prints them); the same figures land in
   * {@code sqlscore.training_runs} for everyone else.
   */
  public void setTrainingListener(Consumer<TrainingEpoch> listener) {
    this.trainingListener = listener == null ? epoch -> { } : listener;
  }

  /** The training listener (one that ignores every epoch when none is set). */
  Consumer<TrainingEpoch> trainingListener() {
    return trainingListener;
  }

  /**
   * Analyses one statement for execution, possibly many times; a statement planned against the
   * registry and catalog is planned again at an execution when they changed since (see
   * {@link CurrentPlanSql}).
   */
  public PreparedSql prepare(String sql) {
    return new CurrentPlanSql(sql, this);
  }

  /** Analyses one statement for one execution. */
  PreparedSql route(String sql) {
    return router.route(sql, this);
  }

  /** What plans made now depend on (see {@link PlanStamp}). */
  PlanStamp planStamp() {
    boolean exists = registryExists || RegistrySchema.exists(duck);
    try {
      // Committed registry tables stay; ones created in an open transaction may be rolled back.
      registryExists = exists && duck.getAutoCommit();
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
    return PlanStamp.read(duck, exists);
  }

  /**
   * Runs a script of one or more statements; returns the result of the last one. Results of
   * earlier statements are closed.
   */
  public StatementResult execute(String script, List<Object> parameters, QueryContext query) {
    List<String> statements = SqlScript.split(script);
    if (statements.isEmpty()) {
      return StatementResult.count(0);
    }
    StatementResult last = null;
    for (String sql : statements) {
      if (last != null) {
        closeQuietly(last);
      }
      PreparedSql prepared = route(sql);
      last = prepared.execute(new ExecutionContext(this, parameters, query));
    }
    return last;
  }

  private static void closeQuietly(StatementResult result) {
    try {
      result.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing an intermediate result failed", e);
    }
  }

  /**
   * Keeps {@code result} among the session's open results until its resources are closed, so
   * that {@link #close()} can close what a client left open.
   */
  StatementResult track(StatementResult result) {
    StatementResult[] tracked = new StatementResult[1];
    tracked[0] = new StatementResult(result.resultSet(), result.updateCount(), () -> {
      openResults.remove(tracked[0]);
      result.resources().close();
    });
    openResults.add(tracked[0]);
    return tracked[0];
  }

  /** Results returned by this session's statements and not yet closed. */
  public int openResults() {
    return openResults.size();
  }

  /**
   * Closes the results still open (their DuckDB statements, scan connections, Arrow memory and
   * model leases), then the DuckDB connection.
   */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (StatementResult result : List.copyOf(openResults)) {
      try {
        result.close();
      } catch (Exception e) {
        SqlscoreException translated = e instanceof SqlscoreException ? (SqlscoreException) e
            : e instanceof SQLException ? DuckDbErrors.translate((SQLException) e)
            : new SqlscoreException(ErrorCode.INTERNAL_ERROR, "closing an open result failed: " + e, e);
        if (failure == null) {
          failure = translated;
        } else {
          failure.addSuppressed(translated);
        }
      }
    }
    try {
      duck.close();
    } catch (SQLException e) {
      SqlscoreException translated = DuckDbErrors.translate(e);
      if (failure == null) {
        failure = translated;
      } else {
        failure.addSuppressed(translated);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}

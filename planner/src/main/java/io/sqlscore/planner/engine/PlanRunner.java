package io.sqlscore.planner.engine;

import io.sqlscore.arrow.ArrowQuery;
import io.sqlscore.arrow.ArrowStreamView;
import io.sqlscore.arrow.DuckDbIdentifiers;
import io.sqlscore.planner.exec.ArrowPredictReader;
import io.sqlscore.planner.exec.ExecutablePlan;
import io.sqlscore.planner.exec.ScoringPasses;
import io.sqlscore.planner.plan.PushdownSql;
import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.registry.ModelCache;
import io.sqlscore.udf.CompiledModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * Runs an {@link ExecutablePlan}: for every scoring stream, opens its input query on a scan
 * connection as Arrow batches, wraps it in an {@link ArrowPredictReader} with the stream's
 * models, and registers it as a view on the connection that reads it; then runs the top
 * statement, a query on a streaming scan connection of its own (the session's connection inside
 * an explicit transaction), a writing statement on the session's connection. Everything opened is closed, in reverse order, when the result is closed or when
 * anything fails.
 */
final class PlanRunner {
  private final ExecutionContext context;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private BufferAllocator allocator;

  private PlanRunner(ExecutionContext context) {
    this.context = context;
  }

  /**
   * Runs {@code plan}, its top statement between {@code prefix} and {@code suffix} (for CREATE
   * TABLE AS, INSERT, COPY ... TO).
   */
  static StatementResult run(ExecutablePlan plan, String prefix, String suffix, ExecutionContext context) {
    Session session = context.session();
    if (!plan.scores()) {
      return DuckDbRunner.run(session, prefix + plan.root().sql().sql() + suffix,
          bind(plan.root().sql(), context.parameters()), context.query(), () -> { });
    }
    PlanRunner runner = new PlanRunner(context);
    try {
      runner.allocator = runner.push(session.engine().memory().newChild("query"));
      // A query's rows stream to the caller from a connection of their own (computed as they are
      // read, so the first rows arrive before the last are scored and no result is held whole);
      // a statement that writes (CREATE TABLE AS, INSERT, COPY) runs on the session's connection.
      DuckDBConnection top = prefix.isEmpty() && suffix.isEmpty()
          ? runner.push(session.scanConnection()).connection()
          : session.duck();
      String sql = runner.openStreams(plan.root(), top);
      return DuckDbRunner.run(top, prefix + sql + suffix, bind(plan.root().sql(), context.parameters()),
          context.query(), runner::close, session);
    } catch (RuntimeException e) {
      runner.closeAfter(e);
      throw e;
    }
  }

  /** Registers the streams {@code segment} reads on {@code reader}; returns its SQL with their view names. */
  private String openStreams(ExecutablePlan.Segment segment, DuckDBConnection reader) {
    Session session = context.session();
    Settings settings = session.settings();
    String sql = segment.sql().sql();
    for (ExecutablePlan.ScoringStream stream : segment.streams()) {
      ScanConnection scan = push(session.scanConnection());
      String inputSql = openStreams(stream.input(), scan.connection());
      ArrowQuery input = push(ArrowQuery.open(scan.connection(), inputSql,
          bind(stream.input().sql(), context.parameters()), allocator, settings.batchSize()));
      context.query().register(input.statement());
      List<CompiledModel> models = new ArrayList<>();
      for (PredictInvocation invocation : stream.invocations()) {
        ModelCache<CompiledModel>.Lease lease = push(session.engine().acquire(invocation.model(), settings.device(),
            () -> session.registry().loadPackage(invocation.model()), context.query()::checkCancelled));
        models.add(lease.model());
      }
      ArrowPredictReader scored = push(new ArrowPredictReader(input.reader(), allocator, stream.passed(),
          ScoringPasses.bind(stream, models, session.engine().runner(), settings.scoringThreads(),
              context.query()::checkCancelled),
          context.query()::checkCancelled, context.query()::recordFailure, rows -> {
            session.engine().countScored(rows);
            context.query().addRowsScored(rows);
          }));
      String view = "__sqlscore_stream_" + UUID.randomUUID().toString().replace("-", "");
      push(ArrowStreamView.register(reader, scored, allocator, view));
      sql = sql.replace(DuckDbIdentifiers.quote(stream.placeholder()), DuckDbIdentifiers.quote(view));
    }
    return sql;
  }

  private static List<Object> bind(PushdownSql sql, List<Object> parameters) {
    List<Object> values = new ArrayList<>();
    for (int index : sql.parameterIndexes()) {
      values.add(parameters.get(index));
    }
    return values;
  }

  private <T extends AutoCloseable> T push(T resource) {
    resources.push(resource);
    return resource;
  }

  private void close() throws Exception {
    Exception first = null;
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void closeAfter(RuntimeException primary) {
    try {
      close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}

package io.sqlscore.server;

import static com.google.protobuf.Any.pack;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.planner.catalog.DuckDbTypes;
import io.sqlscore.planner.engine.ExecutionContext;
import io.sqlscore.planner.engine.PreparedSql;
import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.planner.engine.SqlScript;
import io.sqlscore.planner.engine.StatementAccess;
import io.sqlscore.planner.engine.StatementResult;
import io.sqlscore.planner.parse.SqlscoreParser;
import io.sqlscore.server.auth.Login;
import io.sqlscore.server.auth.Logins;
import io.sqlscore.server.auth.StatementGuard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionClosePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementRequest;
import org.apache.arrow.flight.sql.impl.FlightSql.ActionCreatePreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCatalogs;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetCrossReference;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetExportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetImportedKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetSqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTableTypes;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandPreparedStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementQuery;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandStatementUpdate;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutPreparedStatementResult;
import org.apache.arrow.flight.sql.impl.FlightSql.DoPutUpdateResult;
import org.apache.arrow.flight.sql.impl.FlightSql.TicketStatementQuery;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.sql.SqlKind;
import org.duckdb.DuckDBConnection;

/**
 * The Flight SQL service over sqlscore sessions. A statement runs when a client asks for its
 * {@code FlightInfo} (so that errors and the exact result schema come back at once); its
 * batches stream on the following {@code DoGet}, straight from DuckDB's Arrow export. Every
 * statement is analysed by the planner and checked against the user's role before it runs.
 * Catalog commands read DuckDB's catalog on a connection of their own.
 */
final class SqlscoreProducer implements FlightSqlProducer {
  /** The longest statement accepted, in characters. */
  static final int MAX_STATEMENT_CHARS = 1 << 20;
  private static final long POLL_MILLIS = 100;

  private final ServerConfig config;
  private final ClientSessions sessions;
  private final Logins logins;
  private final Handles handles = new Handles();
  private final BufferAllocator allocator;
  private final DuckDBConnection catalogConnection;
  private final CatalogCommands catalog;
  private final DuckDbSchemas schemas;
  private final SqlInfoBuilder sqlInfo;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "sqlscore-serve-timer");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * A producer on the sessions of {@code logins}, allocating from {@code allocator}, reading the
   * catalog on {@code catalogConnection}.
   */
  SqlscoreProducer(ServerConfig config, Logins logins, ServerLog log, BufferAllocator allocator,
      DuckDBConnection catalogConnection) {
    this.config = config;
    this.logins = logins;
    this.allocator = allocator;
    this.catalogConnection = catalogConnection;
    this.schemas = new DuckDbSchemas(allocator);
    this.catalog = new CatalogCommands(catalogConnection, schemas);
    this.sessions = new ClientSessions(config, logins, log, this::dropHandles);
    this.sqlInfo = ServerInfo.of(config);
    long sweep = Math.max(1, Math.min(config.sessionIdle().toSeconds(), 10));
    timer.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.SECONDS);
  }

  /** The open client sessions. */
  ClientSessions sessions() {
    return sessions;
  }

  // ---- statements ----

  @Override
  public FlightInfo getFlightInfoStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return call(() -> {
      ClientSession session = sessions.of(login(context));
      return flightInfo(descriptor, run(session, command.getQuery(), List.of(), context, true));
    });
  }

  @Override
  public SchemaResult getSchemaStatement(CommandStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return call(() -> {
      ClientSession session = sessions.of(login(context));
      return new SchemaResult(session.work(s -> describe(session, s, single(command.getQuery())).dataset));
    });
  }

  @Override
  public void getStreamStatement(TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    Handles.Result result;
    try {
      result = handles.claim(ticket.getStatementHandle().toStringUtf8(), login(context));
    } catch (RuntimeException e) {
      listener.error(FlightErrors.of(e));
      return;
    }
    send(result, listener);
  }

  @Override
  public Runnable acceptPutStatement(CommandStatementUpdate command, CallContext context, FlightStream stream,
      StreamListener<PutResult> ack) {
    return () -> respond(ack, () -> {
      ClientSession session = sessions.of(login(context));
      return updateResult(updateCount(session, run(session, command.getQuery(), List.of(), context, false)));
    });
  }

  // ---- prepared statements ----

  @Override
  public void createPreparedStatement(ActionCreatePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      ClientSession session = sessions.of(login(context));
      String sql = single(request.getQuery());
      Described described = session.work(s -> describe(session, s, sql));
      Handles.Prepared prepared = new Handles.Prepared(Handles.newId(), session, sql, described.parameters,
          described.dataset);
      handles.add(prepared);
      ActionCreatePreparedStatementResult result = ActionCreatePreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(ByteString.copyFromUtf8(prepared.id))
          .setDatasetSchema(ByteString.copyFrom(described.dataset.serializeAsMessage()))
          .setParameterSchema(ByteString.copyFrom(described.parameters.serializeAsMessage()))
          .build();
      listener.onNext(new Result(pack(result).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  @Override
  public void closePreparedStatement(ActionClosePreparedStatementRequest request, CallContext context,
      StreamListener<Result> listener) {
    try {
      handles.closePrepared(request.getPreparedStatementHandle().toStringUtf8(), login(context));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return call(() -> {
      Handles.Prepared prepared = prepared(command.getPreparedStatementHandle(), context);
      return flightInfo(descriptor, run(prepared.owner, prepared.sql, prepared.bound(), context, true));
    });
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      FlightDescriptor descriptor) {
    return call(() -> new SchemaResult(prepared(command.getPreparedStatementHandle(), context).dataset));
  }

  @Override
  public void getStreamPreparedStatement(CommandPreparedStatementQuery command, CallContext context,
      ServerStreamListener listener) {
    Handles.Result result;
    try {
      Handles.Prepared prepared = prepared(command.getPreparedStatementHandle(), context);
      ResultStream stream = run(prepared.owner, prepared.sql, prepared.bound(), context, true);
      result = handles.claim(stream.id(), login(context));
    } catch (RuntimeException e) {
      listener.error(FlightErrors.of(e));
      return;
    }
    send(result, listener);
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(CommandPreparedStatementQuery command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ack) {
    return () -> respond(ack, () -> {
      Handles.Prepared prepared = prepared(command.getPreparedStatementHandle(), context);
      List<List<Object>> rows = new ArrayList<>();
      while (stream.next()) {
        rows.addAll(ArrowParameters.rows(stream.getRoot()));
      }
      if (rows.size() > 1) {
        throw new SqlscoreException(ErrorCode.INVALID_ARGUMENT,
            "a query takes one row of parameter values, not " + rows.size() + "; run it once per row");
      }
      prepared.bind(rows.isEmpty() ? List.of() : rows.get(0));
      return DoPutPreparedStatementResult.newBuilder()
          .setPreparedStatementHandle(command.getPreparedStatementHandle()).build();
    });
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(CommandPreparedStatementUpdate command, CallContext context,
      FlightStream stream, StreamListener<PutResult> ack) {
    return () -> respond(ack, () -> {
      Handles.Prepared prepared = prepared(command.getPreparedStatementHandle(), context);
      List<List<Object>> rows = new ArrayList<>();
      while (stream.next()) {
        rows.addAll(ArrowParameters.rows(stream.getRoot()));
      }
      if (rows.isEmpty()) {
        rows.add(prepared.bound());
      }
      long count = 0;
      for (List<Object> values : rows) {
        count += updateCount(prepared.owner, run(prepared.owner, prepared.sql, values, context, false));
      }
      return updateResult(count);
    });
  }

  // ---- execution ----

  /** What a statement's clients need before it runs: its parameter and result schemas. */
  private static final class Described {
    final Schema parameters;
    final Schema dataset;

    Described(Schema parameters, Schema dataset) {
      this.parameters = parameters;
      this.dataset = dataset;
    }
  }

  /** Analyses {@code sql} on the session (checking the role) and describes it. */
  private Described describe(ClientSession session, Session planner, String sql) {
    PreparedSql prepared = planner.prepare(sql);
    StatementGuard.check(session.login(), prepared, sql, planner.duck());
    DuckDBConnection duck = planner.duck();
    Schema parameters = prepared.access() == StatementAccess.DUCKDB
        ? schemas.parametersOf(duck, sql)
        : schemas.ofTypes(duck, parameterNames(prepared.parameterTypes().size()),
            prepared.parameterTypes().stream().map(DuckDbTypes::toDuckDb).toList());
    Optional<String> describing = prepared.describingSql();
    Schema dataset;
    if (describing.isEmpty()) {
      dataset = new Schema(List.of());
    } else {
      // A query DuckDB cannot type before its parameters are bound is still a query: its exact
      // columns come with the FlightInfo of each execution.
      dataset = schemas.ofStatement(duck, describing.get())
          .orElseGet(() -> schemas.ofTypes(duck, List.of("?column?"), List.of("VARCHAR")));
    }
    return new Described(parameters, dataset);
  }

  private static List<String> parameterNames(int count) {
    List<String> names = new ArrayList<>();
    for (int p = 1; p <= count; p++) {
      names.add("parameter_" + p);
    }
    return names;
  }

  /**
   * Runs one statement in {@code session} with {@code parameters}: analysed by the planner,
   * checked against the user's role, executed under the session's statement timeout (and
   * cancelled if the client cancels the call); its result is registered for fetching. A query
   * whose rows are wanted ({@code rows}) is computed as the client reads it.
   */
  private ResultStream run(ClientSession session, String text, List<Object> parameters, CallContext context,
      boolean rows) {
    String sql = single(text);
    ResultStream stream = session.execute(planner -> {
      PreparedSql prepared = planner.prepare(sql);
      StatementGuard.check(session.login(), prepared, sql, planner.duck());
      boolean streamed = rows && prepared.access() == StatementAccess.READ && isQuery(sql);
      if (streamed) {
        session.streamNextResult();
      }
      QueryContext query = new QueryContext();
      query.startTimeout(session.statementTimeoutSeconds());
      ScheduledFuture<?> watch = timer.scheduleWithFixedDelay(() -> {
        if (context.isCancelled()) {
          query.cancel();
        }
      }, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
      try {
        StatementResult result = prepared.execute(new ExecutionContext(planner, parameters, query));
        String id = Handles.newId();
        return ResultStream.open(id, result, streamed, query,
            allocator.newChildAllocator("result-" + id, 0, Long.MAX_VALUE), planner.settings().batchSize());
      } catch (RuntimeException e) {
        query.stopTimeout();
        throw e;
      } finally {
        watch.cancel(false);
      }
    });
    handles.add(stream, session);
    return stream;
  }

  /** Whether {@code sql} parses as a query (whose result can be computed as it is read). */
  private static boolean isQuery(String sql) {
    try {
      return SqlscoreParser.parse(sql).getKind().belongsTo(SqlKind.QUERY);
    } catch (SqlscoreException e) {
      return false;
    }
  }

  /** The update count of a statement run for its effect; its result (if any) is released. */
  private long updateCount(ClientSession session, ResultStream stream) {
    Handles.Result result = handles.claim(stream.id(), session.login());
    handles.finished(result);
    session.withResult(stream, ResultStream::close);
    return Math.max(0, stream.updateCount());
  }

  /** Sends a result's batches as the client reads them; everything is released at the end. */
  private void send(Handles.Result result, ServerStreamListener listener) {
    ResultStream stream = result.stream;
    BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy() {
      @Override
      protected void cancelCallback() {
        stream.query().cancel();
      }
    };
    backpressure.register(listener);
    try {
      try (VectorSchemaRoot out = VectorSchemaRoot.create(stream.schema(), stream.allocator())) {
        listener.start(out);
        while (true) {
          BackpressureStrategy.WaitResult ready = backpressure.waitForListener(POLL_MILLIS * 10);
          if (ready == BackpressureStrategy.WaitResult.CANCELLED) {
            throw new SqlscoreException(ErrorCode.QUERY_CANCELED, "the client stopped reading the result");
          }
          if (ready != BackpressureStrategy.WaitResult.READY) {
            stream.query().checkCancelled();
            continue;
          }
          if (!result.owner.next(stream, out)) {
            break;
          }
          listener.putNext();
          out.clear();
        }
      }
      listener.completed();
    } catch (RuntimeException e) {
      if (!listener.isCancelled()) {
        listener.error(FlightErrors.of(e));
      }
    } finally {
      handles.finished(result);
      result.owner.withResult(stream, ResultStream::close);
    }
  }

  private FlightInfo flightInfo(FlightDescriptor descriptor, ResultStream stream) {
    TicketStatementQuery ticket = TicketStatementQuery.newBuilder()
        .setStatementHandle(ByteString.copyFromUtf8(stream.id())).build();
    FlightEndpoint endpoint = new FlightEndpoint(new Ticket(pack(ticket).toByteArray()));
    return new FlightInfo(stream.schema(), descriptor, List.of(endpoint), -1, -1);
  }

  private Handles.Prepared prepared(ByteString handle, CallContext context) {
    return handles.prepared(handle.toStringUtf8(), login(context));
  }

  /** The one statement of {@code text}; a script of several is refused. */
  private static String single(String text) {
    if (text.length() > MAX_STATEMENT_CHARS) {
      throw SqlscoreException.of(ErrorCode.INVALID_STATEMENT,
          "the statement is %d characters long, over the limit of %d; pass large values as parameters, "
              + "or load data with COPY from a file", text.length(), MAX_STATEMENT_CHARS);
    }
    List<String> statements = SqlScript.split(text);
    if (statements.size() != 1) {
      throw new SqlscoreException(ErrorCode.INVALID_STATEMENT, statements.isEmpty()
          ? "the statement is empty"
          : "send one statement at a time, not " + statements.size());
    }
    return statements.get(0);
  }

  private Login login(CallContext context) {
    return logins.byId(context.peerIdentity()).filter(logins::isValid).orElseThrow(
        () -> CallStatus.UNAUTHENTICATED.withDescription(io.sqlscore.server.auth.PasswordAuthenticator.FAILED)
            .toRuntimeException());
  }

  private static <T> T call(Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw FlightErrors.of(e);
    }
  }

  private void respond(StreamListener<PutResult> ack, Supplier<Message> action) {
    try {
      byte[] bytes = action.get().toByteArray();
      try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
        buffer.writeBytes(bytes);
        ack.onNext(PutResult.metadata(buffer));
      }
      ack.onCompleted();
    } catch (RuntimeException e) {
      ack.onError(FlightErrors.of(e));
    }
  }

  private static DoPutUpdateResult updateResult(long count) {
    return DoPutUpdateResult.newBuilder().setRecordCount(count).build();
  }

  // ---- cancellation and sessions ----

  @Override
  public void cancelFlightInfo(CancelFlightInfoRequest request, CallContext context,
      StreamListener<CancelStatus> listener) {
    try {
      Login caller = login(context);
      CancelStatus status = CancelStatus.NOT_CANCELLABLE;
      for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
        String id = TicketStatementQuery.parseFrom(
            com.google.protobuf.Any.parseFrom(endpoint.getTicket().getBytes()).getValue())
            .getStatementHandle().toStringUtf8();
        Handles.Result result = handles.result(id, caller);
        if (result != null) {
          cancel(result);
          status = CancelStatus.CANCELLED;
        }
      }
      listener.onNext(status);
      listener.onCompleted();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      listener.onError(CallStatus.INVALID_ARGUMENT.withDescription("the FlightInfo has no sqlscore ticket")
          .toRuntimeException());
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  private void cancel(Handles.Result result) {
    result.stream.query().cancel();
    synchronized (result) {
      if (result.claimed) {
        return;
      }
      result.claimed = true;
    }
    handles.finished(result);
    result.owner.withResult(result.stream, ResultStream::close);
  }

  @Override
  public void setSessionOptions(SetSessionOptionsRequest request, CallContext context,
      StreamListener<SetSessionOptionsResult> listener) {
    try {
      ClientSession session = sessions.of(login(context));
      Map<String, SetSessionOptionsResult.Error> errors = new HashMap<>();
      request.getSessionOptions().forEach((name, value) -> {
        try {
          SessionOptions.set(session, name, SessionOptions.text(value));
        } catch (SqlscoreException e) {
          errors.put(name, new SetSessionOptionsResult.Error(SessionOptions.known(name)
              ? SetSessionOptionsResult.ErrorValue.INVALID_VALUE : SetSessionOptionsResult.ErrorValue.INVALID_NAME));
        }
      });
      listener.onNext(new SetSessionOptionsResult(errors));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  @Override
  public void getSessionOptions(GetSessionOptionsRequest request, CallContext context,
      StreamListener<GetSessionOptionsResult> listener) {
    try {
      ClientSession session = sessions.of(login(context));
      Map<String, SessionOptionValue> options = new HashMap<>();
      SessionOptions.values(session).forEach((name, value) ->
          options.put(name, SessionOptionValueFactory.makeSessionOptionValue(value)));
      listener.onNext(new GetSessionOptionsResult(options));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  @Override
  public void closeSession(CloseSessionRequest request, CallContext context,
      StreamListener<CloseSessionResult> listener) {
    try {
      Login caller = login(context);
      sessions.existing(caller).ifPresent(session -> sessions.end(session, "closed by client"));
      listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
      listener.onCompleted();
    } catch (RuntimeException e) {
      listener.onError(FlightErrors.of(e));
    }
  }

  /** Releases what an ending session leaves: its prepared statements and unfetched results. */
  private void dropHandles(ClientSession session) {
    for (Handles.Result result : handles.removeAll(session)) {
      session.withResult(result.stream, ResultStream::close);
    }
  }

  private void sweep() {
    try {
      for (Handles.Result stale : handles.removeUnfetched(config.unfetchedResultTimeout().toNanos())) {
        stale.owner.withResult(stale.stream, ResultStream::close);
      }
      sessions.sweep();
    } catch (RuntimeException e) {
      // The next sweep tries again; a failure here must not stop the timer.
    }
  }

  // ---- catalog ----

  @Override
  public FlightInfo getFlightInfoSqlInfo(CommandGetSqlInfo request, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_SQL_INFO_SCHEMA, context);
  }

  @Override
  public void getStreamSqlInfo(CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(CommandGetXdbcTypeInfo request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_TYPE_INFO_SCHEMA, context);
  }

  @Override
  public void getStreamTypeInfo(CommandGetXdbcTypeInfo request, CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_TYPE_INFO_SCHEMA, List::of);
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(CommandGetCatalogs request, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_CATALOGS_SCHEMA, context);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_CATALOGS_SCHEMA, catalog::catalogs);
  }

  @Override
  public FlightInfo getFlightInfoSchemas(CommandGetDbSchemas request, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_SCHEMAS_SCHEMA, context);
  }

  @Override
  public void getStreamSchemas(CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_SCHEMAS_SCHEMA, () -> catalog.schemas(
        given(command.hasCatalog(), command.getCatalog()),
        given(command.hasDbSchemaFilterPattern(), command.getDbSchemaFilterPattern())));
  }

  @Override
  public FlightInfo getFlightInfoTables(CommandGetTables request, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(request, descriptor,
        request.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, context);
  }

  @Override
  public void getStreamTables(CommandGetTables command, CallContext context, ServerStreamListener listener) {
    sendRows(listener, command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
        () -> catalog.tables(given(command.hasCatalog(), command.getCatalog()),
            given(command.hasDbSchemaFilterPattern(), command.getDbSchemaFilterPattern()),
            given(command.hasTableNameFilterPattern(), command.getTableNameFilterPattern()),
            command.getTableTypesList(), command.getIncludeSchema()));
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(CommandGetTableTypes request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA, context);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_TABLE_TYPES_SCHEMA,
        () -> CatalogCommands.TABLE_TYPES.stream().map(type -> new Object[] {type}).toList());
  }

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(CommandGetPrimaryKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA, context);
  }

  @Override
  public void getStreamPrimaryKeys(CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_PRIMARY_KEYS_SCHEMA, () -> catalog.primaryKeys(
        given(command.hasCatalog(), command.getCatalog()), given(command.hasDbSchema(), command.getDbSchema()),
        command.getTable()));
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(CommandGetExportedKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA, context);
  }

  @Override
  public void getStreamExportedKeys(CommandGetExportedKeys command, CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_EXPORTED_KEYS_SCHEMA, () -> catalog.foreignKeys(
        given(command.hasCatalog(), command.getCatalog()), given(command.hasDbSchema(), command.getDbSchema()),
        command.getTable(), false));
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(CommandGetImportedKeys request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA, context);
  }

  @Override
  public void getStreamImportedKeys(CommandGetImportedKeys command, CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_IMPORTED_KEYS_SCHEMA, () -> catalog.foreignKeys(
        given(command.hasCatalog(), command.getCatalog()), given(command.hasDbSchema(), command.getDbSchema()),
        command.getTable(), true));
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(CommandGetCrossReference request, CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(request, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA, context);
  }

  @Override
  public void getStreamCrossReference(CommandGetCrossReference command, CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_CROSS_REFERENCE_SCHEMA, () -> catalog.crossReference(
        given(command.hasPkCatalog(), command.getPkCatalog()), given(command.hasPkDbSchema(), command.getPkDbSchema()),
        command.getPkTable(), given(command.hasFkCatalog(), command.getFkCatalog()),
        given(command.hasFkDbSchema(), command.getFkDbSchema()), command.getFkTable()));
  }

  /** A command's optional string field: null when absent (no filter). */
  private static String given(boolean present, String value) {
    return present ? value : null;
  }

  private FlightInfo commandInfo(Message command, FlightDescriptor descriptor, Schema schema, CallContext context) {
    login(context);
    Ticket ticket = new Ticket(pack(command).toByteArray());
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket)), -1, -1);
  }

  private void sendRows(ServerStreamListener listener, Schema schema, Supplier<List<Object[]>> rows) {
    try {
      List<Object[]> values;
      synchronized (catalogConnection) {
        values = rows.get();
      }
      MetadataRows.send(schema, values, allocator, listener);
    } catch (RuntimeException e) {
      listener.error(FlightErrors.of(e));
    }
  }

  @Override
  public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    listener.onError(CallStatus.UNIMPLEMENTED.withDescription("sqlscore lists no flights; send SQL").toRuntimeException());
  }

  /** Ends all sessions and stops the timer. */
  @Override
  public void close() {
    timer.shutdownNow();
    sessions.close();
  }
}

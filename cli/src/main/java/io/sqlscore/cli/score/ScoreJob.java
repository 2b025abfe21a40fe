package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;
import static io.sqlscore.arrow.DuckDbIdentifiers.quote;

import io.sqlscore.cli.progress.Progress;
import io.sqlscore.cli.progress.ProgressReporter;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.jdbc.SqlscoreStatement;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.registry.ResolvedModel;
import java.io.PrintStream;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of {@code sqlscore score}: resolves the model and the input, checks that the input has
 * the model's features and the chosen columns (and that the scoring query plans) before writing
 * anything, then resumes or starts the job in its output and scores the chunks not yet committed,
 * each with {@code SELECT key..., PREDICT('model@version') AS score [, EXPLAIN_PREDICT(...) AS
 * explanation] FROM <chunk view>} streamed through the engine, while a {@link ProgressReporter}
 * shows the rows done.
 */
final class ScoreJob {
  /** Where a data error names its row (1-based, in the scoring stream). */
  private static final Pattern DATA_ROW = Pattern.compile(", row (\\d+): ");

  private final ScoreOptions options;
  private final PrintStream out;
  private final ProgressReporter.Style style;
  private final Duration every;
  private final long started = System.nanoTime();

  private final Object lock = new Object();
  private long committedRows;
  private long committedThisRun;
  private long filesDone;
  private SqlscoreStatement running;

  ScoreJob(ScoreOptions options, PrintStream out, ProgressReporter.Style style, Duration every) {
    this.options = options;
    this.out = out;
    this.style = style;
    this.every = every;
  }

  /** Runs the job; failures are thrown as {@link SqlscoreException} or {@link SQLException}. */
  void run() throws SQLException {
    try (JobDatabase db = JobDatabase.open(options)) {
      try (Statement s = db.connection().createStatement()) {
        if (options.threads() > 0) {
          s.execute("SET scoring_threads = " + options.threads());
        }
        if (options.batch() > 0) {
          s.execute("SET batch_size = " + options.batch());
        }
      }
      ResolvedModel current = db.resolve(db.modelReference());
      ScoreInput input = options.input() != null
          ? FileInput.open(db.duck(), options.input(), options.where())
          : TableInput.open(db.duck(), db.dataCatalog(), options.inputTable(), options.where());
      List<String> keep = outputColumns(input);
      checkFeatures(current, input);
      validate(db, input, keep, current.label());
      ChunkPlan plan = new ChunkPlan(input.segments(), options.rowsPerFile());
      JobRecord fresh = new JobRecord(options.identity(), version(current), input.segments(), plan.chunks());
      try (ScoreOutput output = options.output() != null
          ? new FileOutput(options.output(), options.format())
          : new TableOutput(db.duck(), db.dataCatalog(), options.outputTable())) {
        if (output.overlaps(input)) {
          throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "the output %s is where the input %s is read from; "
              + "scoring into it would replace the rows being read: choose another output", output.describe(),
              input.describe());
        }
        if (options.overwrite()) {
          output.clear();
        }
        Optional<ScoreOutput.Committed> prior = output.existing();
        JobRecord job = fresh;
        String label = current.label();
        Map<Integer, Long> done = new HashMap<>();
        if (prior.isPresent()) {
          job = prior.get().job();
          Optional<String> conflict = job.conflict(fresh);
          if (conflict.isPresent()) {
            throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
                "the output %s holds another job: %s; rerun with that job's options to resume it, or add --overwrite "
                    + "to start again", output.describe(), conflict.get());
          }
          done.putAll(prior.get().chunks());
          long rows = done.values().stream().mapToLong(Long::longValue).sum();
          if (prior.get().finished()) {
            say(String.format(Locale.ROOT, "nothing to do: %s already holds this finished job (%,d rows in %d "
                + "chunks, scored with %s)", output.describe(), rows, done.size(), job.model().label()));
            return;
          }
          label = pinned(db, job.model(), current, input, keep);
          say(String.format(Locale.ROOT, "resuming the job in %s: %d of %d chunks (%,d rows) were committed by an "
              + "earlier run", output.describe(), done.size(), job.chunks(), rows));
          committedRows = rows;
          filesDone = done.size();
        } else {
          output.start(fresh);
        }
        score(db, input, plan, job, label, keep, output, done);
      }
    }
  }

  /** Scores the chunks not in {@code done}, then records the job as finished and prints the summary. */
  private void score(JobDatabase db, ScoreInput input, ChunkPlan plan, JobRecord job, String label,
      List<String> keep, ScoreOutput output, Map<Integer, Long> done) throws SQLException {
    long files = output instanceof FileOutput ? job.chunks() : -1;
    Duration interval = style == ProgressReporter.Style.LIVE ? Duration.ofMillis(500) : every;
    try (ProgressReporter reporter = new ProgressReporter(out, style, interval, interval,
        () -> progress(job.totalRows(), files).line())) {
      for (int chunk = 0; chunk < plan.chunks(); chunk++) {
        if (done.containsKey(chunk)) {
          continue;
        }
        List<ChunkPlan.Range> ranges = plan.ranges(chunk);
        String rows = ranges.isEmpty() ? input.emptySql() : input.rangesSql(ranges);
        String view = db.view("chunk", "SELECT * FROM (" + rows + ") AS chunk_rows"
            + (options.where() == null ? "" : " WHERE (" + options.where() + ")"));
        try (Statement s = db.connection().createStatement()) {
          synchronized (lock) {
            running = s.unwrap(SqlscoreStatement.class);
          }
          long written;
          try {
            written = output.write(chunk, scoringSql(label, keep, view), s);
          } catch (SQLException e) {
            Optional<SqlscoreException> located = locate(e, input, db, view, chunk);
            if (located.isPresent()) {
              throw located.get();
            }
            throw e;
          }
          synchronized (lock) {
            committedRows += written;
            committedThisRun += written;
            filesDone++;
            running = null;
          }
        }
      }
      output.finish();
    }
    Progress last = progress(job.totalRows(), files);
    say(String.format(Locale.ROOT, "scored %,d rows of %s with %s into %s%s in %s (%,d rows/s)%s",
        committedThisRun, input.describe(), label, output.describe(),
        files >= 0 ? " (" + files + (files == 1 ? " file)" : " files)") : "",
        Progress.duration(last.seconds()), Math.round(last.rowsPerSecond()),
        committedRows > committedThisRun
            ? String.format(Locale.ROOT, "; %,d rows were committed by an earlier run",
                committedRows - committedThisRun)
            : ""));
  }

  private Progress progress(long total, long files) {
    synchronized (lock) {
      long inFlight = running == null ? 0 : running.rowsScored();
      return new Progress(committedRows + inFlight, total, committedThisRun + inFlight,
          (System.nanoTime() - started) / 1e9, filesDone, files);
    }
  }

  /** The scoring query over {@code view}. */
  private String scoringSql(String label, List<String> keep, String view) {
    StringJoiner select = new StringJoiner(", ");
    keep.forEach(column -> select.add(quote(column)));
    select.add("PREDICT(" + literal(label) + ") AS score");
    if (options.explain() > 0) {
      select.add("EXPLAIN_PREDICT(" + literal(label) + ", " + options.explain() + ") AS explanation");
    }
    return "SELECT " + select + " FROM " + view;
  }

  /** The key and pass-through columns, or the origin columns when none is chosen; each must exist. */
  private List<String> outputColumns(ScoreInput input) {
    List<String> keep = new ArrayList<>(options.key());
    keep.addAll(options.columns());
    if (keep.isEmpty()) {
      return input.originColumns();
    }
    List<String> available = new ArrayList<>(input.columns());
    available.addAll(input.originColumns());
    Set<String> known = lower(available);
    for (String column : keep) {
      if (!known.contains(column.toLowerCase(Locale.ROOT))) {
        throw SqlscoreException.of(ErrorCode.UNDEFINED_COLUMN,
            "the input %s has no column '%s' (named by --key or --columns); its columns are %s",
            input.describe(), column, String.join(", ", available));
      }
      if (column.equalsIgnoreCase("score") || column.equalsIgnoreCase("explanation")) {
        throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
            "--key and --columns cannot pass '%s' through: the output names its scores 'score' and its "
                + "explanations 'explanation'; rename the input column", column);
      }
    }
    return keep;
  }

  /** Checks that the input has a column for every feature of the model. */
  private static void checkFeatures(ResolvedModel model, ScoreInput input) {
    Set<String> columns = lower(input.columns());
    List<String> features = model.config().features().stream().map(FeatureSpec::name).toList();
    for (String feature : features) {
      if (!columns.contains(feature.toLowerCase(Locale.ROOT))) {
        throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
            "the input %s has no column '%s', which model %s needs; the model's features are %s; the input's "
                + "columns are %s", input.describe(), feature, model.label(), String.join(", ", features),
            String.join(", ", input.columns()));
      }
    }
  }

  /** Plans the scoring query over the input's columns without reading a row, so that type errors come first. */
  private void validate(JobDatabase db, ScoreInput input, List<String> keep, String label) throws SQLException {
    String view = db.view("chunk", input.emptySql());
    try (Statement s = db.connection().createStatement()) {
      s.execute("EXPLAIN PLAN FOR " + scoringSql(label, keep, view));
    }
  }

  /**
   * The model version a resumed job scores with: the one recorded at its first run, even if the
   * reference now resolves to another (said so); an error if that version is gone or changed.
   */
  private String pinned(JobDatabase db, JobRecord.ModelVersion recorded, ResolvedModel current, ScoreInput input,
      List<String> keep) throws SQLException {
    ResolvedModel pinned = current;
    if (recorded.version() != current.version() || !recorded.name().equals(current.name())) {
      pinned = db.resolve(recorded.label());
      say(String.format(Locale.ROOT, "scoring with %s, the version this job started with (%s now resolves to %s)",
          recorded.label(), options.model(), current.label()));
      checkFeatures(pinned, input);
      validate(db, input, keep, pinned.label());
    }
    if (!pinned.sha256().equals(recorded.sha256())) {
      throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
          "the model this job started with (%s, package %s) has changed (now %s); add --overwrite to score again "
              + "from the start with the new one", recorded.label(), abbreviate(recorded.sha256()),
          abbreviate(pinned.sha256()));
    }
    return pinned.label();
  }

  /**
   * A data error of the engine, which names the row by its place in the chunk's scoring stream,
   * with the row's origin instead (file and row number, or rowid).
   */
  private static Optional<SqlscoreException> locate(SQLException e, ScoreInput input, JobDatabase db, String view,
      int chunk) {
    if (!(e.getCause() instanceof SqlscoreException)) {
      return Optional.empty();
    }
    SqlscoreException error = (SqlscoreException) e.getCause();
    Matcher row = DATA_ROW.matcher(error.detail());
    if (error.code() != ErrorCode.BAD_FEATURE_VALUE || !row.find()) {
      return Optional.empty();
    }
    String origin = input.origin(db.duck(), view, Long.parseLong(row.group(1)));
    return Optional.of(new SqlscoreException(error.code(), error.detail().substring(0, row.start()) + ", " + origin
        + " (chunk " + chunk + "): " + error.detail().substring(row.end()), error));
  }

  private static JobRecord.ModelVersion version(ResolvedModel model) {
    return new JobRecord.ModelVersion(model.name(), model.version(), model.sha256());
  }

  private static Set<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  private static String abbreviate(String sha256) {
    return sha256.substring(0, Math.min(12, sha256.length()));
  }

  private void say(String line) {
    if (style != ProgressReporter.Style.QUIET) {
      out.println(line);
    }
  }
}

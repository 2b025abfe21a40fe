package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;
import static io.sqlscore.arrow.DuckDbIdentifiers.quoteQualified;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.RegistrySchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A table of the database, committed chunk by chunk in DuckDB transactions. A chunk is scored
 * into a staging table ({@code CREATE TABLE AS}, streaming), then one transaction appends it to
 * the output table, records it in {@code sqlscore_batch.chunks} and drops the staging table, so
 * that a kill leaves either the whole chunk, recorded, or nothing of it. The job's record lives
 * in {@code sqlscore_batch.jobs}, keyed by the output table's name.
 */
final class TableOutput implements ScoreOutput {
  private static final String SCHEMA = "sqlscore_batch";

  private final Connection duck;
  private final String name;
  private final String key;
  private final String catalog;
  private final String table;
  private final String jobs;
  private final String chunks;
  private final String staging;

  /** An output into table {@code name} ({@code table} or {@code schema.table}) of database {@code catalog}. */
  TableOutput(Connection duck, String catalog, String name) {
    this.duck = duck;
    this.name = name;
    this.catalog = catalog;
    String[] parts = name.split("\\.", 2);
    String schema = parts.length == 2 ? parts[0] : "main";
    String bare = parts[parts.length - 1];
    this.key = (schema + "." + bare).toLowerCase(Locale.ROOT);
    String lowerSchema = schema.toLowerCase(Locale.ROOT);
    if (lowerSchema.equals(SCHEMA) || lowerSchema.equals(RegistrySchema.SCHEMA)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT, "the output table %s would be in schema %s, which "
          + "sqlscore keeps for its %s; choose a table in another schema", name, schema,
          lowerSchema.equals(SCHEMA) ? "score jobs' records" : "model registry");
    }
    this.table = quoteQualified(catalog, schema, bare);
    this.jobs = quoteQualified(catalog, SCHEMA, "jobs");
    this.chunks = quoteQualified(catalog, SCHEMA, "chunks");
    this.staging = quoteQualified(catalog, SCHEMA, "staging " + key);
  }

  @Override
  public String describe() {
    return "table " + name;
  }

  @Override
  public boolean overlaps(ScoreInput input) {
    return input.isTable(catalog, key);
  }

  @Override
  public Optional<Committed> existing() {
    boolean recorded = exists(SCHEMA, "jobs");
    List<Object[]> job = recorded
        ? Queries.rows(duck, "SELECT job::VARCHAR, finished_at IS NOT NULL FROM " + jobs + " WHERE output_table = "
            + literal(key))
        : List.of();
    if (job.isEmpty()) {
      if (tableExists()) {
        throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
            "table %s exists and no sqlscore score job wrote it; add --overwrite to replace it, or choose another "
                + "--output-table", name);
      }
      return Optional.empty();
    }
    Queries.execute(duck, "DROP TABLE IF EXISTS " + staging);
    Map<Integer, Long> committed = new HashMap<>();
    long rows = 0;
    for (Object[] chunk : Queries.rows(duck, "SELECT chunk, rows FROM " + chunks + " WHERE output_table = "
        + literal(key))) {
      committed.put(((Number) chunk[0]).intValue(), ((Number) chunk[1]).longValue());
      rows += ((Number) chunk[1]).longValue();
    }
    long present = committed.isEmpty() ? 0 : Queries.number(duck, "SELECT count(*) FROM " + table);
    if (present != rows) {
      throw SqlscoreException.of(ErrorCode.DUPLICATE_OBJECT,
          "table %s holds %,d rows but its job committed %,d: it was changed since; add --overwrite to score "
              + "again from the start", name, present, rows);
    }
    try {
      return Optional.of(new Committed(JobRecord.fromJson(JobRecord.JSON.readTree((String) job.get(0)[0])),
          committed, (Boolean) job.get(0)[1]));
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "the job record of table " + name + " is unreadable", e);
    }
  }

  @Override
  public void clear() {
    transaction(s -> {
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("DROP TABLE IF EXISTS " + staging);
      if (exists(SCHEMA, "jobs")) {
        s.execute("DELETE FROM " + jobs + " WHERE output_table = " + literal(key));
        s.execute("DELETE FROM " + chunks + " WHERE output_table = " + literal(key));
      }
    });
  }

  @Override
  public void start(JobRecord job) {
    String record;
    try {
      record = JobRecord.JSON.writeValueAsString(job.toJson());
    } catch (JsonProcessingException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "cannot write the job record", e);
    }
    transaction(s -> {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + quoteQualified(catalog, SCHEMA));
      s.execute("CREATE TABLE IF NOT EXISTS " + jobs + " (output_table VARCHAR PRIMARY KEY, job JSON NOT NULL, "
          + "started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ)");
      s.execute("CREATE TABLE IF NOT EXISTS " + chunks + " (output_table VARCHAR NOT NULL, chunk INTEGER NOT NULL, "
          + "rows BIGINT NOT NULL, committed_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (output_table, chunk))");
      s.execute("INSERT INTO " + jobs + " VALUES (" + literal(key) + ", " + literal(record) + ", now(), NULL)");
    });
  }

  @Override
  public long write(int chunk, String query, Statement statement) throws SQLException {
    try {
      statement.execute("CREATE OR REPLACE TABLE " + staging + " AS " + query);
    } catch (SQLException | RuntimeException e) {
      Queries.execute(duck, "DROP TABLE IF EXISTS " + staging);
      throw e;
    }
    long[] rows = new long[1];
    transaction(s -> {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " AS SELECT * FROM " + staging + " LIMIT 0");
      rows[0] = s.executeLargeUpdate("INSERT INTO " + table + " SELECT * FROM " + staging);
      s.execute("INSERT INTO " + chunks + " VALUES (" + literal(key) + ", " + chunk + ", " + rows[0] + ", now())");
      s.execute("DROP TABLE " + staging);
    });
    return rows[0];
  }

  @Override
  public void finish() {
    transaction(s -> s.execute("UPDATE " + jobs + " SET finished_at = now() WHERE output_table = " + literal(key)));
  }

  @Override
  public void close() {
    // The connection belongs to the job.
  }

  private boolean tableExists() {
    String[] parts = key.split("\\.", 2);
    return exists(parts[0], parts[1]);
  }

  private boolean exists(String schema, String bare) {
    return Queries.number(duck, "SELECT count(*) FROM duckdb_tables() WHERE database_name = " + literal(catalog)
        + " AND lower(schema_name) = " + literal(schema.toLowerCase(Locale.ROOT)) + " AND lower(table_name) = "
        + literal(bare.toLowerCase(Locale.ROOT))) > 0;
  }

  /** Runs {@code work} in one DuckDB transaction. */
  private void transaction(Work work) {
    try {
      duck.setAutoCommit(false);
      try (Statement s = duck.createStatement()) {
        work.run(s);
        duck.commit();
      } catch (SQLException | RuntimeException e) {
        duck.rollback();
        throw e;
      } finally {
        duck.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** Statements of one transaction. */
  @FunctionalInterface
  private interface Work {
    void run(Statement statement) throws SQLException;
  }
}

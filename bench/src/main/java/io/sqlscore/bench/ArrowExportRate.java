package io.sqlscore.bench;

import io.sqlscore.arrow.ArrowMemory;
import io.sqlscore.arrow.ArrowQuery;
import io.sqlscore.arrow.ArrowStreamView;
import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.arrow.DuckDbIdentifiers;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's own Arrow path over a table, without scoring: what the SQL path of a scoring query
 * costs at least. {@link Mode#EXPORT} reads {@code SELECT *} as Arrow batches into Java (DuckDB's
 * Arrow export, as ArrowPredict's input is read); {@link Mode#ROUND_TRIP} also hands those
 * batches back to DuckDB as a registered stream and counts its first column there (any type;
 * a Frappe table begins with a string label), as a
 * scoring query's result comes back.
 */
final class ArrowExportRate {
  /** What is timed. */
  enum Mode {
    EXPORT("DuckDB Arrow export (SELECT *)"),
    ROUND_TRIP("DuckDB Arrow round trip (export, re-import, count)");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private ArrowExportRate() {}

  /** Seconds one pass of {@code mode} over {@code table} takes, in Arrow batches of {@code batch} rows. */
  static double seconds(DuckDBConnection duck, String table, int batch, Mode mode) throws SQLException {
    String select = "SELECT * FROM " + DuckDbIdentifiers.quote(table);
    try (ArrowMemory memory = new ArrowMemory();
        BufferAllocator allocator = memory.newChild("export");
        DuckDBConnection reading = DuckDbConnections.duplicate(duck)) {
      long start = System.nanoTime();
      try (ArrowQuery query = ArrowQuery.open(reading, select, List.of(), allocator, batch)) {
        ArrowReader reader = query.reader();
        if (mode == Mode.EXPORT) {
          long rows = 0;
          while (reader.loadNextBatch()) {
            rows += reader.getVectorSchemaRoot().getRowCount();
          }
        } else {
          String first = DuckDbIdentifiers.quote(reader.getVectorSchemaRoot().getSchema().getFields().get(0).getName());
          try (ArrowStreamView view = ArrowStreamView.register(duck, reader, allocator);
              Statement statement = duck.createStatement();
              ResultSet result = statement.executeQuery("SELECT count(" + first + ") FROM " + view.sqlName())) {
            result.next();
          }
        }
      } catch (java.io.IOException e) {
        throw new SQLException("reading " + table + " as Arrow batches failed: " + e.getMessage(), e);
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }
}

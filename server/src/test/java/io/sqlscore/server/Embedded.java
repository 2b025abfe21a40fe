package io.sqlscore.server;

import io.sqlscore.planner.engine.QueryContext;
import io.sqlscore.planner.engine.Session;
import io.sqlscore.planner.engine.StatementResult;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The embedded engine's answers, on the database a test server serves (the same DuckDB instance). */
final class Embedded {
  private Embedded() {}

  /** Runs {@code sql} (columns: id, score) in an embedded session; scores by id. */
  static Map<Long, Double> scores(Path database, String sql) throws Exception {
    Map<Long, Double> scores = new LinkedHashMap<>();
    try (Session session = Session.open(database.toString(), new Properties())) {
      StatementResult result = session.execute(sql, List.of(), new QueryContext());
      try (ResultSet rows = result.resultSet(); AutoCloseable resources = result.resources()) {
        while (rows.next()) {
          scores.put(rows.getLong(1), rows.getDouble(2));
        }
      }
    }
    return scores;
  }
}

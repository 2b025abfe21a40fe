package io.sqlscore.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Whether a statement that DuckDB runs as written only reads tables and views, judged on DuckDB's
 * own parse tree ({@code json_serialize_sql}, which serializes SELECT statements only): it must
 * be one SELECT that calls no table function (they read files, attach databases, run SQL text),
 * no function that changes state ({@code nextval}, {@code setseed}), and reads only tables, views
 * and its own common table expressions, never a file named as a table.
 */
final class ReadOnlyQuery {
  private static final Set<String> CHANGING_FUNCTIONS = Set.of("nextval", "setseed");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReadOnlyQuery() {}

  /** Why {@code sql} is not a read-only query, or empty when it is one. */
  static Optional<String> whyNot(DuckDBConnection connection, String sql) {
    JsonNode tree = parse(connection, sql);
    if (tree.path("error").asBoolean(false)) {
      if (tree.path("error_type").asText().toLowerCase(Locale.ROOT).contains("parser")) {
        throw new SqlscoreException(ErrorCode.SYNTAX_ERROR, tree.path("error_message").asText());
      }
      return Optional.of("it is not a query");
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      return Optional.of("it is more than one statement");
    }
    Walk walk = new Walk();
    walk.visit(statements.get(0));
    if (walk.refusal != null) {
      return Optional.of(walk.refusal);
    }
    for (JsonNode table : walk.tables) {
      String name = table.path("table_name").asText();
      boolean unqualified = table.path("schema_name").asText().isEmpty() && table.path("catalog_name").asText().isEmpty();
      if (unqualified && walk.commonTables.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (!exists(connection, table)) {
        return Optional.of("it reads '" + name + "', which is not a table or view (DuckDB would read it as a file)");
      }
    }
    return Optional.empty();
  }

  private static JsonNode parse(DuckDBConnection connection, String sql) {
    try (PreparedStatement statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      statement.setString(1, sql);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return JSON.readTree(rows.getString(1));
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    } catch (IOException e) {
      throw new SqlscoreException(ErrorCode.INTERNAL_ERROR, "DuckDB's parse tree is not JSON: " + e.getMessage(), e);
    }
  }

  /** Whether a table reference names a table or view DuckDB knows (in any attached database). */
  private static boolean exists(DuckDBConnection connection, JsonNode table) {
    String catalog = table.path("catalog_name").asText();
    String schema = table.path("schema_name").asText();
    String sql = "SELECT count(*) FROM (SELECT database_name AS c, schema_name AS s, table_name AS n FROM duckdb_tables() "
        + "UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()) "
        + "WHERE lower(n) = lower(?) AND (? = '' OR lower(c) = lower(?)) "
        + "AND (? = '' OR lower(s) = lower(?) OR (? = '' AND lower(c) = lower(?)))";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      List<String> values = List.of(table.path("table_name").asText(), catalog, catalog, schema, schema, catalog, schema);
      for (int i = 0; i < values.size(); i++) {
        statement.setString(i + 1, values.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** Collects the table references, common table names and the first refusal of a parse tree. */
  private static final class Walk {
    final List<JsonNode> tables = new ArrayList<>();
    final Set<String> commonTables = new HashSet<>();
    String refusal;

    void visit(JsonNode node) {
      if (node.isArray()) {
        node.forEach(this::visit);
        return;
      }
      if (!node.isObject()) {
        return;
      }
      String type = node.path("type").asText();
      if (type.equals("TABLE_FUNCTION")) {
        refuse("it calls the table function " + node.path("function").path("function_name").asText()
            + ", and table functions can read files or change the database");
      } else if (type.equals("BASE_TABLE")) {
        tables.add(node);
      } else if (node.path("class").asText().equals("FUNCTION")
          && CHANGING_FUNCTIONS.contains(node.path("function_name").asText().toLowerCase(Locale.ROOT))) {
        refuse("it calls " + node.path("function_name").asText() + ", which changes the database");
      }
      for (JsonNode entry : node.path("cte_map").path("map")) {
        commonTables.add(entry.path("key").asText().toLowerCase(Locale.ROOT));
      }
      node.forEach(this::visit);
    }

    private void refuse(String reason) {
      if (refusal == null) {
        refusal = reason;
      }
    }
  }
}

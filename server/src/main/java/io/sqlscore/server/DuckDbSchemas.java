package io.sqlscore.server;

import io.sqlscore.arrow.DuckDbErrors;
import io.sqlscore.arrow.DuckDbIdentifiers;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * Arrow schemas of statements and tables before anything runs, exactly as DuckDB's Arrow export
 * will type the data: the column types DuckDB reports for a prepared statement are read back
 * through an empty typed query ({@code SELECT NULL::T AS c ... LIMIT 0}), so that a described
 * schema and a streamed result agree.
 */
final class DuckDbSchemas {
  /**
   * DuckDB type names described as VARCHAR: types not known before values are bound, and ENUM,
   * which DuckDB reports without its values and which is sent as text ({@link PlainBatches}).
   */
  private static final Set<String> AS_TEXT = Set.of("UNKNOWN", "INVALID", "NULL", "ANY", "ENUM");

  private final BufferAllocator allocator;

  /** Describes with {@code allocator} (for the empty exports; nothing is left allocated). */
  DuckDbSchemas(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /**
   * The result schema of {@code sql} prepared on {@code connection}: empty for a statement
   * without rows, and empty {@code Optional} when DuckDB cannot type it before its parameters are
   * bound.
   */
  Optional<Schema> ofStatement(DuckDBConnection connection, String sql) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      ResultSetMetaData meta = statement.getMetaData();
      if (((DuckDBResultSetMetaData) meta).getReturnType() != StatementReturnType.QUERY_RESULT) {
        return Optional.of(new Schema(List.of()));
      }
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        names.add(meta.getColumnLabel(c));
        types.add(meta.getColumnTypeName(c));
      }
      if (types.size() == 1 && types.get(0).equalsIgnoreCase("UNKNOWN")) {
        return Optional.empty();
      }
      return Optional.of(ofTypes(connection, names, types));
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The parameter types of {@code sql} as DuckDB infers them (VARCHAR where it cannot). */
  Schema parametersOf(DuckDBConnection connection, String sql) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      ParameterMetaData meta = statement.getParameterMetaData();
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (int p = 1; p <= meta.getParameterCount(); p++) {
        names.add("parameter_" + p);
        types.add(meta.getParameterTypeName(p));
      }
      return ofTypes(connection, names, types);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    }
  }

  /** The schema of columns {@code names} of DuckDB types {@code types} (VARCHAR for unknown types). */
  Schema ofTypes(DuckDBConnection connection, List<String> names, List<String> types) {
    if (names.isEmpty()) {
      return new Schema(List.of());
    }
    List<String> known = new ArrayList<>();
    for (String type : types) {
      known.add(type == null || AS_TEXT.contains(type.toUpperCase(Locale.ROOT)) ? "VARCHAR" : type);
    }
    try {
      return export(connection, typedNulls(names, known));
    } catch (SqlscoreException e) {
      // A type name DuckDB reports but cannot parse back: describe that column as text.
      for (int i = 0; i < known.size(); i++) {
        try {
          export(connection, typedNulls(List.of("c"), List.of(known.get(i))));
        } catch (SqlscoreException unparsable) {
          known.set(i, "VARCHAR");
        }
      }
      return export(connection, typedNulls(names, known));
    }
  }

  /** The schema of a table or view, read through an empty query over it. */
  Schema ofTable(DuckDBConnection connection, String catalog, String schema, String table) {
    return export(connection, "SELECT * FROM " + DuckDbIdentifiers.quoteQualified(catalog, schema, table) + " LIMIT 0");
  }

  private static String typedNulls(List<String> names, List<String> types) {
    StringJoiner columns = new StringJoiner(", ", "SELECT ", " LIMIT 0");
    for (int i = 0; i < names.size(); i++) {
      columns.add("NULL::" + types.get(i) + " AS " + DuckDbIdentifiers.quote(names.get(i)));
    }
    return columns.toString();
  }

  private Schema export(DuckDBConnection connection, String sql) {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql);
        ArrowReader reader = (ArrowReader) ((DuckDBResultSet) rows).arrowExportStream(allocator, 1)) {
      return PlainBatches.schema(reader);
    } catch (SQLException e) {
      throw DuckDbErrors.translate(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e instanceof SqlscoreException ? e
          : new SqlscoreException(ErrorCode.DATABASE_ERROR, "cannot describe the result: " + e.getMessage(), e);
    }
  }
}

package io.sqlscore.flink;

import io.sqlscore.arrow.DuckDbConnections;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.registry.ModelRef;
import io.sqlscore.registry.ModelRegistry;
import io.sqlscore.registry.ResolvedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * Reads a model version out of a sqlscore registry (a DuckDB database, opened read-only) where a
 * job is planned. The only class of the connector that needs DuckDB's JDBC driver, which the
 * connector jar does not bundle: it is an extra jar for the {@code registry} option only.
 */
final class RegistryModels {
  private RegistryModels() {}

  /** Whether this class path has DuckDB's JDBC driver. */
  static boolean duckDbAvailable() {
    try {
      Class.forName("org.duckdb.DuckDBDriver", false, RegistryModels.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /**
   * Resolves {@code reference} ({@code name}, {@code name@version} or {@code name@alias}) in the
   * registry of {@code database} and reads that version's package.
   *
   * @throws SqlscoreException NOT_SUPPORTED without DuckDB, MODEL_NOT_FOUND (and the registry's
   *     other resolution errors) naming the model
   */
  static PinnedModel pin(String database, String reference) {
    if (!duckDbAvailable()) {
      throw SqlscoreException.of(ErrorCode.NOT_SUPPORTED,
          "'registry' = '%s' needs DuckDB's JDBC driver (org.duckdb:duckdb_jdbc) where the job is planned, "
              + "and it is not on the class path; put duckdb_jdbc-<version>.jar into Flink's lib/ beside the "
              + "sqlscore connector, or use 'package' = '<model package path>' instead", database);
    }
    if (!Files.isRegularFile(Path.of(database))) {
      throw SqlscoreException.of(ErrorCode.MODEL_NOT_FOUND,
          "'registry' = '%s': no such database file; give the path of the DuckDB database that holds the "
              + "sqlscore registry (where CREATE MODEL imported '%s')", database, reference);
    }
    Properties readOnly = new Properties();
    readOnly.setProperty("duckdb.read_only", "true");
    try (DuckDBConnection connection = DuckDbConnections.open(database, readOnly)) {
      ModelRegistry registry = new ModelRegistry(connection);
      ResolvedModel model = registry.resolve(ModelRef.parse(reference));
      return PinnedModel.ofRegistry(model.name(), model.version(), database, model.allowsPositionalBinding(),
          registry.loadPackage(model));
    } catch (SQLException e) {
      throw new SqlscoreException(ErrorCode.DATABASE_ERROR,
          "cannot close registry database " + database + ": " + e.getMessage(), e);
    }
  }
}

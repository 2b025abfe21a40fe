package io.sqlscore.cli.score;

import static io.sqlscore.arrow.DuckDbIdentifiers.literal;
import static io.sqlscore.arrow.DuckDbIdentifiers.quote;

import io.sqlscore.jdbc.SqlscoreConnection;
import io.sqlscore.jdbc.SqlscoreDriver;
import io.sqlscore.registry.ModelRef;
import io.sqlscore.registry.ResolvedModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import org.duckdb.DuckDBConnection;

/**
 * The databases a job works in: a sqlscore connection that scores, on the registry database
 * ({@code --db}) when the model is a registry version, else on an in-memory database the package
 * is imported into (with {@code --db}, if given, attached as {@code sqlscore_data}, read-only
 * unless the output is a table); the catalog that holds the input and output tables; and a
 * private in-memory catalog that holds the job's chunk views, visible to the connections that
 * read scoring input.
 */
final class JobDatabase implements AutoCloseable {
  private final Connection connection;
  private final DuckDBConnection duck;
  private final String dataCatalog;
  private final String jobCatalog;
  private final String model;

  private JobDatabase(Connection connection, DuckDBConnection duck, String dataCatalog, String jobCatalog,
      String model) {
    this.connection = connection;
    this.duck = duck;
    this.dataCatalog = dataCatalog;
    this.jobCatalog = jobCatalog;
    this.model = model;
  }

  /** Opens the databases of a job with {@code options}, importing a package model. */
  static JobDatabase open(ScoreOptions options) throws SQLException {
    boolean pkg = options.modelIsPackage();
    Connection connection = DriverManager.getConnection(SqlscoreDriver.PREFIX + (pkg ? ":memory:" : options.db()));
    try {
      DuckDBConnection duck = connection.unwrap(SqlscoreConnection.class).session().duck();
      String model = options.model();
      String dataCatalog = (String) Queries.rows(duck, "SELECT current_database()").get(0)[0];
      if (pkg) {
        model = packageName(Path.of(options.model()));
        Queries.execute(connection, "CREATE MODEL " + model + " FROM "
            + literal(Path.of(options.model()).toAbsolutePath().toString()));
        if (options.db() != null) {
          dataCatalog = "sqlscore_data";
          Queries.execute(duck, "ATTACH " + literal(options.db()) + " AS " + dataCatalog
              + (options.outputTable() == null ? " (READ_ONLY)" : ""));
        }
      }
      String jobCatalog = "sqlscore_job_" + UUID.randomUUID().toString().replace("-", "");
      Queries.execute(duck, "ATTACH ':memory:' AS " + jobCatalog);
      return new JobDatabase(connection, duck, dataCatalog, jobCatalog, model);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** A model name made of the package folder's name: letters, digits and underscores. */
  private static String packageName(Path pkg) {
    String name = pkg.toAbsolutePath().normalize().getFileName().toString().replaceAll("\\.zip$", "")
        .replaceAll("[^A-Za-z0-9_]", "_");
    return name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "model_" + name : name;
  }

  /** The sqlscore connection that scores. */
  Connection connection() {
    return connection;
  }

  /** The DuckDB connection of the same session, for bookkeeping SQL. */
  DuckDBConnection duck() {
    return duck;
  }

  /** The catalog of the input and output tables. */
  String dataCatalog() {
    return dataCatalog;
  }

  /** The model reference to resolve: {@code --model}, or the imported package's name. */
  String modelReference() {
    return model;
  }

  /** Resolves a model reference in the session's registry. */
  ResolvedModel resolve(String reference) throws SQLException {
    return connection.unwrap(SqlscoreConnection.class).session().registry().resolve(ModelRef.parse(reference));
  }

  /** The view {@code name} in the job's private catalog, (re)defined as {@code sql}; returns its qualified name. */
  String view(String name, String sql) {
    String view = jobCatalog + ".main." + quote(name.toLowerCase(Locale.ROOT));
    Queries.execute(duck, "CREATE OR REPLACE VIEW " + view + " AS " + sql);
    return view;
  }

  /** Detaches the job's catalog and closes the connection. */
  @Override
  public void close() throws SQLException {
    try {
      Queries.execute(duck, "DETACH " + jobCatalog);
    } finally {
      connection.close();
    }
  }
}

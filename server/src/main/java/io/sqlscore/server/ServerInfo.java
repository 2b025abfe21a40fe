package io.sqlscore.server;

import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;

/** What the server tells clients about itself ({@code GetSqlInfo}). */
final class ServerInfo {
  /** The server's name. */
  static final String NAME = "sqlscore";
  /** The Arrow version the server is built with. */
  static final String ARROW_VERSION = "18.3.0";

  private ServerInfo() {}

  /** The answers for a server run with {@code config}. */
  static SqlInfoBuilder of(ServerConfig config) {
    String version = ServerInfo.class.getPackage().getImplementationVersion();
    return new SqlInfoBuilder()
        .withFlightSqlServerName(NAME)
        .withFlightSqlServerVersion(version == null ? "development" : version)
        .withFlightSqlServerArrowVersion(ARROW_VERSION)
        .withFlightSqlServerReadOnly(false)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerStatementTimeout(config.statementTimeoutSeconds())
        .withFlightSqlServerBulkIngestion(false)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlSearchStringEscape("\\")
        .withSqlSchemaTerm("schema")
        .withSqlCatalogTerm("catalog")
        .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlQuotedIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_AT_END)
        .withSqlAllTablesAreSelectable(true)
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true)
        .withSqlSupportsLikeEscapeClause(true)
        .withSqlSupportsNonNullableColumns(true)
        .withSqlCorrelatedSubqueriesSupported(true)
        .withSqlTransactionsSupported(false)
        .withSqlBatchUpdatesSupported(true)
        .withSqlMaxStatementLength(SqlscoreProducer.MAX_STATEMENT_CHARS)
        .withSqlKeywords(new String[] {"PREDICT", "EXPLAIN_PREDICT", "MODEL", "MODELS"});
  }
}

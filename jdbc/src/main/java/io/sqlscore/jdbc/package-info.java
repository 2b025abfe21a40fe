/**
 * The JDBC driver: {@code jdbc:sqlscore:<duckdb file>} and {@code jdbc:sqlscore::memory:}.
 * Connections, statements and prepared statements run through a sqlscore
 * {@link io.sqlscore.planner.engine.Session}; result sets and database metadata are DuckDB's,
 * wrapped so that they belong to the sqlscore connection and report sqlscore errors with their
 * SQLSTATEs.
 */
package io.sqlscore.jdbc;

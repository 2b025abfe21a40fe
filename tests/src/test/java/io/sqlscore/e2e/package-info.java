/** End-to-end tests through the sqlscore JDBC driver on real DuckDB files. */
package io.sqlscore.e2e;

/**
 * The command-line launcher behind {@code ./sqlscore}: the interactive SQL shell, script and
 * single-statement runners and the demo, all through the JDBC driver. The benchmark commands
 * run from the bench module ({@code io.sqlscore.bench.BenchMain}).
 */
package io.sqlscore.shell;

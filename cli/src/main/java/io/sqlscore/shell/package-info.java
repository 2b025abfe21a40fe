/**
 * The command-line launcher behind {@code ./sqlscore}: the interactive SQL shell, script and
 * single-statement runners, the demo, and the dispatch to benchmark commands.
 */
package io.sqlscore.shell;

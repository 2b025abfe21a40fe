/**
 * The golden SQL test harness: every {@code .iq} script in {@code sql-examples/examples} is run
 * through the sqlscore JDBC driver by Quidem and its output must equal the script itself
 * (expected rows, plans and errors are written in the script).
 */
package io.sqlscore.examples;

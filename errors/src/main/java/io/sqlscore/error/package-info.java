/**
 * The one exception type of sqlscore, {@link io.sqlscore.error.SqlscoreException}, and the
 * {@link io.sqlscore.error.ErrorCode} enum that classifies every user-facing error and maps it
 * to a SQLSTATE for JDBC clients.
 */
package io.sqlscore.error;

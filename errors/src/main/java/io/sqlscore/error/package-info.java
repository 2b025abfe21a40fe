/**
 * The one exception type of sqlscore, {@link io.sqlscore.error.SqlscoreException}, and the
 * {@link io.sqlscore.error.ErrorCode} enum that classifies every user-facing error and maps it
 * to a SQLSTATE for JDBC clients; and {@link io.sqlscore.error.CommandArgs}, the parser of the
 * command-line tools' arguments, which turns each mistake in them into such an error.
 */
package io.sqlscore.error;

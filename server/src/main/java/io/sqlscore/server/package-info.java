/**
 * {@code sqlscore serve}: the Arrow Flight SQL server ({@link io.sqlscore.server.SqlscoreServer})
 * over the planner's sessions. {@link io.sqlscore.server.SqlscoreProducer} answers the Flight
 * SQL calls; each client gets a {@link io.sqlscore.server.ClientSession}; results stream as
 * {@link io.sqlscore.server.ResultStream}s straight from DuckDB's Arrow export; catalog commands
 * read DuckDB's catalog ({@link io.sqlscore.server.CatalogCommands}). The command line is in
 * {@link io.sqlscore.server.ServeCommand} and {@link io.sqlscore.server.UsersCommand}.
 */
package io.sqlscore.server;

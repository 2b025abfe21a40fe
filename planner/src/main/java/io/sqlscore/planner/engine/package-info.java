/**
 * The engine behind every sqlscore connection: the process-wide {@link io.sqlscore.planner.engine.Engine},
 * one {@link io.sqlscore.planner.engine.Session} per connection with its
 * {@link io.sqlscore.planner.engine.Settings}, the routing of each statement to DuckDB, the
 * Calcite planner or the model registry ({@link io.sqlscore.planner.engine.StatementRouter}),
 * and the executable forms of statements ({@link io.sqlscore.planner.engine.PreparedSql}).
 */
package io.sqlscore.planner.engine;

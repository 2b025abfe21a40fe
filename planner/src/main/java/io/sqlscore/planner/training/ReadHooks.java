package io.sqlscore.planner.training;

import java.sql.Statement;
import java.util.function.Consumer;

/**
 * Ties a training statement's DuckDB reads to its cancellation: every read is announced when
 * it starts (so that {@code Statement.cancel()} can interrupt it) and when it ends.
 *
 * @param started called with each DuckDB statement before it runs
 * @param finished called with it once it is closed
 */
public record ReadHooks(Consumer<Statement> started, Consumer<Statement> finished) {}

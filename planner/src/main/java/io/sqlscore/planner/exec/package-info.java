/**
 * Physical plans and their execution: an {@link io.sqlscore.planner.exec.ExecutablePlan} is the
 * SQL DuckDB runs for a query, together with the scoring streams that SQL reads; it is both what
 * runs and what {@code EXPLAIN PLAN FOR} shows.
 */
package io.sqlscore.planner.exec;

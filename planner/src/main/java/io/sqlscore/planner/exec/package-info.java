/**
 * Physical plans and their execution: an {@link io.sqlscore.planner.exec.ExecutablePlan} is the
 * SQL DuckDB runs for a query, together with the scoring streams that SQL reads; it is both what
 * runs and what {@code EXPLAIN PLAN FOR} shows. At run time each stream is an
 * {@link io.sqlscore.planner.exec.ArrowPredictReader} whose
 * {@link io.sqlscore.planner.exec.ScoringPass}es fill the output columns (scores, and
 * explanations laid out in plain-array column buffers before they are copied into Arrow).
 */
package io.sqlscore.planner.exec;

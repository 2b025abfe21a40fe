/**
 * Query planning: validation of a parsed query against the DuckDB catalog and sqlscore's
 * functions ({@link io.sqlscore.planner.plan.QueryPlanner}), the relational plan it produces
 * ({@link io.sqlscore.planner.plan.PlannedQuery}), and the SQL that is pushed down to DuckDB for
 * each part of a plan ({@link io.sqlscore.planner.plan.PushdownSqlWriter}).
 */
package io.sqlscore.planner.plan;

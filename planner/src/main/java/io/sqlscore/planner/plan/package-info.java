/**
 * Query planning: validation of a parsed query against the DuckDB catalog and sqlscore's
 * functions ({@link io.sqlscore.planner.plan.QueryPlanner}), the relational plan it produces
 * ({@link io.sqlscore.planner.plan.PlannedQuery}) with the correlated sub-queries of a scoring
 * statement turned into joins ({@link io.sqlscore.planner.plan.Correlations}), and the SQL that is
 * pushed down to DuckDB for each part of a plan ({@link io.sqlscore.planner.plan.PushdownSqlWriter},
 * string aggregates' separators kept literal by {@link io.sqlscore.planner.plan.ConstantSeparators}).
 */
package io.sqlscore.planner.plan;

package io.sqlscore.planner.plan;

import java.util.List;

/**
 * SQL sent to DuckDB for one part of a plan.
 *
 * @param sql the statement text in DuckDB's dialect, with {@code ?} placeholders
 * @param parameterIndexes for each placeholder in text order, the 0-based index of the user's
 *     statement parameter it takes
 */
public record PushdownSql(String sql, List<Integer> parameterIndexes) {}

package io.sqlscore.planner.plan;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A validated, optimized query: its relational plan and the types of its {@code ?} parameters.
 * (The result's column names are DuckDB's, from the SQL the plan runs as.)
 *
 * @param rel the plan
 * @param parameterTypes the parameter types in parameter order
 */
public record PlannedQuery(RelNode rel, List<RelDataType> parameterTypes) {}

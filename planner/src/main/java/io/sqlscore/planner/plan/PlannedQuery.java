package io.sqlscore.planner.plan;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;

/**
 * A validated, optimized query: its relational plan, the names and types of its result
 * columns, and the types of its {@code ?} parameters.
 *
 * @param rel the plan
 * @param columnNames the result column names as the user sees them
 * @param parameterTypes the parameter types in parameter order
 */
public record PlannedQuery(RelNode rel, List<String> columnNames, List<RelDataType> parameterTypes) {}

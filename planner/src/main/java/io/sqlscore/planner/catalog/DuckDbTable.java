package io.sqlscore.planner.catalog;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;

/** A DuckDB table or view as Calcite sees it: its columns and their types. */
final class DuckDbTable extends AbstractTable {
  /** One column as listed by {@code duckdb_columns()}. */
  record Column(String name, String duckType, boolean nullable) {}

  private final List<Column> columns;

  DuckDbTable(List<Column> columns) {
    this.columns = List.copyOf(columns);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Column column : columns) {
      builder.add(column.name(), DuckDbTypes.toCalcite(column.duckType(), column.nullable(), typeFactory));
    }
    return builder.build();
  }
}

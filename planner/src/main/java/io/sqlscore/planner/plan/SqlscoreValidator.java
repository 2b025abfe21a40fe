package io.sqlscore.planner.plan;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's validator with DuckDB's reading of {@code user}: a plain name, not the SQL
 * standard's parenthesis-free USER function. In DuckDB {@code SELECT user FROM t} reads the
 * column {@code user} (Frappe's first field is called so); Calcite would return the current
 * user's name instead, a silent wrong answer. Date and time functions without parentheses
 * (CURRENT_DATE, LOCALTIMESTAMP, ...) keep their meaning, as in DuckDB.
 */
final class SqlscoreValidator extends SqlValidatorImpl {
  private static final Set<String> NOT_FUNCTIONS = Set.of(
      "USER", "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_ROLE", "CURRENT_PATH",
      "CURRENT_CATALOG", "CURRENT_SCHEMA");

  SqlscoreValidator(SqlOperatorTable operators, SqlValidatorCatalogReader catalog, RelDataTypeFactory types,
      Config config) {
    super(operators, catalog, types, config);
  }

  @Override
  public @Nullable SqlCall makeNullaryCall(SqlIdentifier id) {
    if (id.names.size() == 1 && NOT_FUNCTIONS.contains(id.names.get(0).toUpperCase(Locale.ROOT))) {
      return null;
    }
    return super.makeNullaryCall(id);
  }
}

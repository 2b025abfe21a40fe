package io.sqlscore.planner.plan;

import io.sqlscore.planner.catalog.DuckDbCatalog;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.validate.SqlNameMatchers;

/** Calcite's catalog reader over a {@link DuckDbCatalog}, matching names case-insensitively. */
final class DuckDbCatalogReader extends CalciteCatalogReader {
  DuckDbCatalogReader(DuckDbCatalog catalog, RelDataTypeFactory typeFactory) {
    super(catalog.root(), SqlNameMatchers.withCaseSensitive(false), catalog.searchPaths(),
        typeFactory, config());
  }

  private static CalciteConnectionConfigImpl config() {
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    return new CalciteConnectionConfigImpl(properties);
  }
}

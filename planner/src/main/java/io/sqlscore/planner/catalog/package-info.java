/**
 * DuckDB's catalog seen by Calcite: databases, schemas, tables and views of the connected DuckDB
 * database as Calcite schemas and tables ({@link io.sqlscore.planner.catalog.DuckDbCatalog}),
 * loaded lazily per statement so that tables created through plain DuckDB SQL are visible at
 * once, with DuckDB column types mapped to Calcite types ({@link io.sqlscore.planner.catalog.DuckDbTypes}).
 */
package io.sqlscore.planner.catalog;

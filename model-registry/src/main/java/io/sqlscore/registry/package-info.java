/**
 * The model registry inside a DuckDB database: the registry tables in schema {@code sqlscore}
 * ({@link io.sqlscore.registry.RegistrySchema}), the Java API to import, alias, drop, list,
 * describe and resolve model versions ({@link io.sqlscore.registry.ModelRegistry}), model
 * references ({@link io.sqlscore.registry.ModelRef}), and the process-wide cache of loaded
 * models ({@link io.sqlscore.registry.ModelCache}).
 */
package io.sqlscore.registry;

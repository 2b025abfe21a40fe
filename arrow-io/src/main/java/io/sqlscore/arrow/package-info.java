/**
 * Arrow memory and DuckDB I/O: the engine's allocator hierarchy ({@link io.sqlscore.arrow.ArrowMemory}),
 * DuckDB connections ({@link io.sqlscore.arrow.DuckDbConnections}), DuckDB queries read as Arrow
 * record batches ({@link io.sqlscore.arrow.ArrowQuery}), Arrow streams exposed to DuckDB as views
 * ({@link io.sqlscore.arrow.ArrowStreamView}) and written into tables
 * ({@link io.sqlscore.arrow.ArrowTableWriter}), and the translation of DuckDB errors
 * ({@link io.sqlscore.arrow.DuckDbErrors}).
 */
package io.sqlscore.arrow;

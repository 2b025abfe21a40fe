/**
 * sqlscore's SQL syntax on top of Calcite's parser: the parse-tree nodes of the model DDL
 * ({@code CREATE/ALTER/DROP/SHOW/DESCRIBE/EXPLAIN/EXPORT MODEL}, training with
 * {@code CREATE MODEL ... USING kind AS query}) and of {@code CREATE TABLE ... AS},
 * the parser configuration ({@link io.sqlscore.planner.parse.SqlscoreParser}), and the generated
 * parser in the {@code impl} sub-package (built from {@code src/main/codegen}).
 */
package io.sqlscore.planner.parse;

/**
 * sqlscore's SQL functions: {@code PREDICT} and {@code EXPLAIN_PREDICT}
 * ({@link io.sqlscore.planner.sql.PredictFunction}), typed and checked against the model
 * version they name, which is resolved once per statement ({@link io.sqlscore.planner.sql.StatementModels}),
 * and the by-name binding of {@code PREDICT('model')} ({@link io.sqlscore.planner.sql.ByNameBinding}).
 */
package io.sqlscore.planner.sql;

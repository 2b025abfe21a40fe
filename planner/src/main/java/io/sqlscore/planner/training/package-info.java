/**
 * The SQL side of training ({@code CREATE MODEL ... USING kind AS query}): the training query's
 * columns and statistics computed by DuckDB ({@link io.sqlscore.planner.training.TrainingQuery},
 * {@code QueryStatistics}, {@code Vocabularies}), the feature schema inferred from them
 * ({@code FeatureSchema}), the checks that refuse bad input before training
 * ({@link io.sqlscore.planner.training.TrainingPlan}), the rows read through one snapshot
 * ({@link io.sqlscore.planner.training.TrainingSnapshot}) either into memory or from DuckDB on
 * every pass ({@code InMemoryRows}, {@code StreamedRows}), and the run itself
 * ({@link io.sqlscore.planner.training.ModelTrainer}) on the engine of module {@code train}.
 * The statement around it, the run's records and the registry are in
 * {@code io.sqlscore.planner.engine}.
 */
package io.sqlscore.planner.training;

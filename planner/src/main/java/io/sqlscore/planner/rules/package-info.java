/**
 * {@link io.sqlscore.planner.rules.PredictRules}: the planner rules that turn PREDICT and
 * EXPLAIN_PREDICT calls in projections and filters into {@link io.sqlscore.planner.rel.ArrowPredict}
 * operators, and push filters that do not use predictions below them.
 */
package io.sqlscore.planner.rules;

/**
 * {@link io.sqlscore.planner.rules.PredictRules}: the planner rules that turn PREDICT and
 * EXPLAIN_PREDICT calls in projections and filters into {@link io.sqlscore.planner.rel.ArrowPredict}
 * operators, and push filters that do not use predictions below them; and
 * {@link io.sqlscore.planner.rules.ScoringCalls}, which finds the scoring calls of a plan and
 * checks that the rules planned every one.
 */
package io.sqlscore.planner.rules;

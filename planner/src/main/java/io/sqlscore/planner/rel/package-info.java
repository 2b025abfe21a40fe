/**
 * sqlscore's relational operator: {@link io.sqlscore.planner.rel.ArrowPredict}, which appends
 * model outputs (scores, explanations) to the rows of its input, one forward pass per
 * {@link io.sqlscore.planner.rel.PredictInvocation}.
 */
package io.sqlscore.planner.rel;

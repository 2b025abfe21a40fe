package io.sqlscore.planner.rel;

import io.sqlscore.registry.ResolvedModel;
import java.util.List;

/**
 * One forward pass of one model version over the rows of an {@link ArrowPredict}'s input: the
 * calls of a statement on the same version with the same feature arguments share it.
 *
 * @param model the model version, fixed at plan time
 * @param featureFields for each feature, the index of the input field that feeds it
 * @param outputs the values appended to each row, in order
 */
public record PredictInvocation(ResolvedModel model, List<Integer> featureFields, List<PredictOutput> outputs) {}

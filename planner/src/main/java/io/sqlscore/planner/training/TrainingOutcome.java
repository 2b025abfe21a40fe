package io.sqlscore.planner.training;

import io.sqlscore.model.ExplanationRow;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.train.TrainedModel;
import java.util.List;

/**
 * What a training run produced, ready to be stored as a version.
 *
 * @param pkg the package: config, the best epoch's weights, metrics.json with the validation
 *     and test metrics, the history and the training's provenance
 * @param trained the engine's result (history, best epoch, validation metric)
 * @param explanation the global explanation, computed on {@code explainedRows} rows
 * @param explainedRows how many rows the explanation covers
 * @param explainedWhat which rows those are, in words
 */
public record TrainingOutcome(ModelPackage pkg, TrainedModel trained, List<ExplanationRow> explanation,
    long explainedRows, String explainedWhat) {}

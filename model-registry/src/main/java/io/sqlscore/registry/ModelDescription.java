package io.sqlscore.registry;

import io.sqlscore.model.ExplanationRow;
import io.sqlscore.model.ModelConfig;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything {@code DESCRIBE MODEL} shows about one version.
 *
 * @param model the resolved version
 * @param config its config
 * @param sizeBytes the size of its weights
 * @param createdAt when it was imported
 * @param createdBy who imported it
 * @param source the package path it came from
 * @param description the version's description, or the model's
 * @param metricsJson its metrics as JSON, if any
 * @param readme the package README, if any
 * @param aliases the aliases pointing at this version
 * @param globalExplanation the stored global explanation rows
 */
public record ModelDescription(
    ResolvedModel model, ModelConfig config, long sizeBytes, OffsetDateTime createdAt,
    String createdBy, String source, String description, String metricsJson,
    String readme, List<String> aliases, List<ExplanationRow> globalExplanation) {}

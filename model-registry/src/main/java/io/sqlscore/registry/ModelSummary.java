package io.sqlscore.registry;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One model as {@code SHOW MODELS} lists it.
 *
 * @param name the model name
 * @param latestVersion the newest live version
 * @param versions how many versions are live
 * @param aliases alias name to version, sorted by alias
 * @param kind the model kind of the latest version
 * @param description the model's description
 * @param createdAt when the model was first created
 */
public record ModelSummary(
    String name, long latestVersion, long versions, Map<String, Long> aliases, String kind,
    String description, OffsetDateTime createdAt) {}

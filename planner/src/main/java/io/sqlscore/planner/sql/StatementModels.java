package io.sqlscore.planner.sql;

import io.sqlscore.registry.ModelRef;
import io.sqlscore.registry.ModelRegistry;
import io.sqlscore.registry.ResolvedModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The model versions one statement uses. Each reference is resolved once, when the statement
 * is planned; the version it resolves to is fixed for the rest of the statement even if an
 * alias moves meanwhile.
 */
public final class StatementModels {
  private final ModelRegistry registry;
  private final Map<String, ResolvedModel> resolved = new LinkedHashMap<>();

  /** Resolves references through {@code registry}. */
  public StatementModels(ModelRegistry registry) {
    this.registry = registry;
  }

  /** The version {@code reference} ({@code name}, {@code name@3}, {@code name@alias}) names. */
  public ResolvedModel resolve(String reference) {
    String key = reference.trim().toLowerCase(Locale.ROOT);
    ResolvedModel model = resolved.get(key);
    if (model == null) {
      model = registry.resolve(ModelRef.parse(reference));
      resolved.put(key, model);
    }
    return model;
  }
}

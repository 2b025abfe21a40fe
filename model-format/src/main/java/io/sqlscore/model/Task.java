package io.sqlscore.model;

import java.util.Optional;

/** What a model's logit means: config.json {@code task}, {@code binary} when absent. */
public enum Task {
  /** Binary classification: score = sigmoid(logit). */
  BINARY("binary"),
  /** Regression: score = logit. */
  REGRESSION("regression");

  private final String configName;

  Task(String configName) {
    this.configName = configName;
  }

  /** The {@code task} string of config.json. */
  public String configName() {
    return configName;
  }

  /** The score reported for a logit: its sigmoid for binary models, itself for regression. */
  public double score(double logit) {
    return this == BINARY ? 1.0 / (1.0 + Math.exp(-logit)) : logit;
  }

  /** The task whose config name is {@code name}, if any. */
  public static Optional<Task> fromConfigName(String name) {
    for (Task task : values()) {
      if (task.configName.equals(name)) {
        return Optional.of(task);
      }
    }
    return Optional.empty();
  }
}

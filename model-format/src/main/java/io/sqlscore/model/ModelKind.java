package io.sqlscore.model;

import java.util.Locale;
import java.util.Optional;

/** The model architectures sqlscore can score, as named by {@code model_kind} in config.json. */
public enum ModelKind {
  /** ARM-Net (MODELS.md section 4). */
  ARMNET("armnet"),
  /** ARM-Net plus a DNN branch with its own embedding, mixed by a Linear(2, 1) (section 5). */
  ARMNET_PLUS("armnet_plus"),
  /** AutoInt (section 6). */
  AUTOINT("autoint"),
  /** AutoInt plus a DNN over the same embedding, logits summed (section 7). */
  AUTOINT_PLUS("autoint_plus");

  private final String configName;

  ModelKind(String configName) {
    this.configName = configName;
  }

  /** The {@code model_kind} string of config.json. */
  public String configName() {
    return configName;
  }

  /** True for ARM-Net and ARM-Net+, which clamp values and have gates. */
  public boolean isArmNet() {
    return this == ARMNET || this == ARMNET_PLUS;
  }

  /** True for the "+" kinds, which add a DNN branch ({@code deep_mlp}). */
  public boolean hasDeepBranch() {
    return this == ARMNET_PLUS || this == AUTOINT_PLUS;
  }

  /** The kind whose config name is {@code name} (exact, lower case), if any. */
  public static Optional<ModelKind> fromConfigName(String name) {
    for (ModelKind kind : values()) {
      if (kind.configName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return configName.toLowerCase(Locale.ROOT);
  }
}

package io.sqlscore.udf;

import java.util.EnumSet;
import java.util.Set;

/**
 * The set of optional outputs a forward pass should produce besides logits and scores. The
 * PREDICT path asks for {@link #NONE}; explanations ask for what they show. Outputs that do not
 * apply to a model kind (attention for ARM-Net, gates for AutoInt) are ignored.
 */
public final class Outputs {
  /** Logits and scores only. */
  public static final Outputs NONE = new Outputs(EnumSet.noneOf(Output.class));
  /** Every optional output. */
  public static final Outputs ALL = new Outputs(EnumSet.allOf(Output.class));

  private final Set<Output> wanted;

  private Outputs(EnumSet<Output> wanted) {
    this.wanted = wanted;
  }

  /** The given outputs. */
  public static Outputs of(Output first, Output... rest) {
    return new Outputs(EnumSet.of(first, rest));
  }

  /** True when no optional output is asked for (logits and scores only). */
  public boolean isNone() {
    return wanted.isEmpty();
  }

  /** True when {@code output} is asked for. */
  public boolean contains(Output output) {
    return wanted.contains(output);
  }

  @Override
  public String toString() {
    return wanted.toString();
  }
}

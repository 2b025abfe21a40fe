package io.sqlscore.udf;

/** An optional output of a forward pass, computed only when asked through {@link Outputs}. */
public enum Output {
  /** ARM-Net gates [B, K, O, F]. */
  GATES,
  /** ARM-Net interaction weights gates * values [B, K, O, F]. */
  INTERACTION_WEIGHTS,
  /** ARM-Net cross-feature order (number of non-zero gates) [B, K, O]. */
  CROSS_FEATURE_ORDER,
  /** AutoInt attention maps of every interacting layer, each [B, H, F, F]. */
  ATTENTION
}

package io.sqlscore.model;

import java.util.Locale;

/**
 * What a SQL NULL in a feature column becomes (config.json {@code null}): a data error, the
 * vocabulary's out-of-vocabulary id, or a default value.
 */
public final class NullPolicy {
  /** The three policies of PACKAGE.md. */
  public enum Kind {
    /** NULL is a data error naming the column and row. */
    ERROR,
    /** NULL becomes the vocabulary's {@code oov_id} with value 1.0 (vocabulary features only). */
    OOV,
    /** NULL becomes a default: a value for numeric features, an id for id features. */
    DEFAULT
  }

  /** NULL is an error. */
  public static final NullPolicy ERROR = new NullPolicy(Kind.ERROR, Double.NaN);
  /** NULL maps to the out-of-vocabulary id. */
  public static final NullPolicy OOV = new NullPolicy(Kind.OOV, Double.NaN);

  private final Kind kind;
  private final double defaultValue;

  private NullPolicy(Kind kind, double defaultValue) {
    this.kind = kind;
    this.defaultValue = defaultValue;
  }

  /** NULL becomes {@code value} (numeric: the value, unscaled; id: the feature id). */
  public static NullPolicy defaultValue(double value) {
    return new NullPolicy(Kind.DEFAULT, value);
  }

  /** Which policy this is. */
  public Kind kind() {
    return kind;
  }

  /** The default of a {@link Kind#DEFAULT} policy; NaN for the others. */
  public double defaultValue() {
    return defaultValue;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NullPolicy
        && ((NullPolicy) o).kind == kind
        && Double.compare(((NullPolicy) o).defaultValue, defaultValue) == 0;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Double.hashCode(defaultValue);
  }

  @Override
  public String toString() {
    switch (kind) {
      case ERROR:
        return "error";
      case OOV:
        return "oov";
      default:
        return String.format(Locale.ROOT, "default %s", FeatureSpec.formatNumber(defaultValue));
    }
  }
}

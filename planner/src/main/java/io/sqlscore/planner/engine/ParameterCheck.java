package io.sqlscore.planner.engine;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Checks statement parameter values against the types the validator inferred for them, so that
 * a wrong-typed parameter is reported by position and expected type before anything runs.
 */
final class ParameterCheck {
  private ParameterCheck() {}

  /** Throws if a parameter is missing or has a value its type cannot take. */
  static void check(List<RelDataType> types, List<Object> values) {
    for (int i = 0; i < types.size(); i++) {
      if (i >= values.size()) {
        throw SqlscoreException.of(ErrorCode.PARAMETER_NOT_SET,
            "parameter %d is not set; set it with setObject(%d, value) or setNull before executing",
            i + 1, i + 1);
      }
      Object value = values.get(i);
      if (value != null && !accepts(types.get(i), value)) {
        throw SqlscoreException.of(ErrorCode.PARAMETER_TYPE_MISMATCH,
            "parameter %d expects %s but was given %s %s; pass a value of that type",
            i + 1, types.get(i).getSqlTypeName(), value.getClass().getSimpleName(), describe(value));
      }
    }
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return value instanceof String ? "'" + text + "'" : text;
  }

  private static boolean accepts(RelDataType type, Object value) {
    SqlTypeName name = type.getSqlTypeName();
    if (name == SqlTypeName.ANY || name == SqlTypeName.NULL || name == SqlTypeName.UNKNOWN) {
      return true;
    }
    SqlTypeFamily family = name.getFamily();
    if (family == SqlTypeFamily.NUMERIC) {
      return value instanceof Number || value instanceof String && isNumber((String) value);
    }
    if (family == SqlTypeFamily.BOOLEAN) {
      return value instanceof Boolean
          || value instanceof String && ("true".equalsIgnoreCase((String) value)
              || "false".equalsIgnoreCase((String) value));
    }
    if (family == SqlTypeFamily.CHARACTER) {
      return value instanceof String || value instanceof Character || value instanceof Number
          || value instanceof Boolean;
    }
    if (family == SqlTypeFamily.DATE || family == SqlTypeFamily.TIME
        || family == SqlTypeFamily.TIMESTAMP) {
      return value instanceof java.util.Date || value instanceof java.time.temporal.Temporal
          || value instanceof String;
    }
    if (family == SqlTypeFamily.BINARY) {
      return value instanceof byte[];
    }
    return true;
  }

  private static boolean isNumber(String text) {
    try {
      new BigDecimal(text.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}

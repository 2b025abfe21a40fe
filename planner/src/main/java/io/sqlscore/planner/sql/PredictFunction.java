package io.sqlscore.planner.sql;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.FeatureSpec;
import io.sqlscore.registry.ResolvedModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code PREDICT(model_ref, features...)} and {@code EXPLAIN_PREDICT(model_ref, k, features...)}.
 * The model reference must be a string literal; it is resolved when the statement is validated
 * and its feature list decides the number, names and types of the remaining arguments. All
 * binding errors are raised here, at plan time, before any row is read.
 */
public final class PredictFunction extends SqlFunction {
  /** Which of the two functions. */
  public enum Kind {
    /** The score: DOUBLE. */
    PREDICT,
    /** The score with its explanation: a ROW (see {@link ExplanationType}). */
    EXPLAIN_PREDICT
  }

  private final Kind kind;
  private final StatementModels models;

  /** The function of the given kind, resolving models through {@code models}. */
  public PredictFunction(Kind kind, StatementModels models) {
    super(kind.name(), SqlKind.OTHER_FUNCTION, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.kind = kind;
    this.models = models;
  }

  /** Which function this is. */
  public Kind kind() {
    return kind;
  }

  /** The model version a converted call of this function names. */
  public ResolvedModel model(RexCall call) {
    return models.resolve(RexLiteral.stringValue(call.getOperands().get(0)));
  }

  /** The k of a converted EXPLAIN_PREDICT call. */
  public int k(RexCall call) {
    return RexLiteral.intValue(call.getOperands().get(1));
  }

  /** The index of the first feature argument. */
  public int firstFeature() {
    return kind == Kind.PREDICT ? 1 : 2;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.from(firstFeature());
  }

  @Override
  public String getSignatureTemplate(int operandsCount) {
    return kind == Kind.PREDICT ? "{0}('model', feature, ...)" : "{0}('model', k, feature, ...)";
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    RelDataTypeFactory types = binding.getTypeFactory();
    return kind == Kind.PREDICT ? types.createSqlType(SqlTypeName.DOUBLE) : ExplanationType.of(types);
  }

  /** {@code ?} parameters take the type of the feature they feed (or VARCHAR / INTEGER). */
  @Override
  public SqlOperandTypeInference getOperandTypeInference() {
    return (binding, returnType, operandTypes) -> {
      RelDataTypeFactory types = binding.getTypeFactory();
      List<SqlNode> operands = binding.operands();
      List<FeatureSpec> features = operands.get(0) instanceof SqlCharStringLiteral
          ? models.resolve(modelReference(operands.get(0))).config().features()
          : List.of();
      for (int i = 0; i < operandTypes.length; i++) {
        SqlTypeName type = i == 0 ? SqlTypeName.VARCHAR
            : i < firstFeature() ? SqlTypeName.INTEGER
            : i - firstFeature() < features.size() ? parameterType(features.get(i - firstFeature()))
            : SqlTypeName.ANY;
        operandTypes[i] = types.createTypeWithNullability(types.createSqlType(type), true);
      }
    };
  }

  @Override
  public boolean isDeterministic() {
    return true;
  }

  @Override
  public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    SqlCall call = binding.getCall();
    List<SqlNode> operands = call.getOperandList();
    ResolvedModel model = models.resolve(modelReference(operands.get(0)));
    if (kind == Kind.EXPLAIN_PREDICT) {
      checkK(operands.get(1));
    }
    List<FeatureSpec> features = model.config().features();
    if (!model.config().hasFeatures()) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "model %s has no feature list in its config.json, so it cannot be scored from SQL columns; "
              + "add a \"features\" list (PACKAGE.md) and import it again", model.label());
    }
    int given = operands.size() - firstFeature();
    if (given != features.size()) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "%s('%s', ...) got %d feature argument%s but model %s has %d features: %s; pass one argument "
              + "per feature in this order, or none to bind the features by name",
          getName(), model.label(), given, given == 1 ? "" : "s", model.label(), features.size(),
          features.stream().map(FeatureSpec::name).collect(Collectors.joining(", ")));
    }
    for (int i = 0; i < features.size(); i++) {
      SqlNode argument = operands.get(firstFeature() + i);
      FeatureSpec feature = features.get(i);
      checkName(model, i, argument, feature);
      checkType(model, i, argument, feature, binding.getOperandType(firstFeature() + i));
    }
    return true;
  }

  /** The text of the model reference, which must be a string literal. */
  public static String modelReference(SqlNode operand) {
    if (!(operand instanceof SqlCharStringLiteral)) {
      throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
          "the first argument of PREDICT and EXPLAIN_PREDICT must be a string literal naming the model, "
              + "such as 'ctr', 'ctr@3' or 'ctr@prod', not %s", operand);
    }
    return ((SqlLiteral) operand).getValueAs(String.class);
  }

  private static void checkK(SqlNode operand) {
    if (operand instanceof SqlLiteral && ((SqlLiteral) operand).getValue() instanceof BigDecimal) {
      BigDecimal k = (BigDecimal) ((SqlLiteral) operand).getValue();
      if (k.scale() <= 0 && k.signum() > 0 && k.compareTo(BigDecimal.valueOf(10_000)) <= 0) {
        return;
      }
    }
    throw SqlscoreException.of(ErrorCode.INVALID_ARGUMENT,
        "the second argument of EXPLAIN_PREDICT is k, the number of cross features to return; "
            + "it must be an integer literal from 1 to 10000, not %s", operand);
  }

  private void checkName(ResolvedModel model, int index, SqlNode argument, FeatureSpec feature) {
    if (!(argument instanceof SqlIdentifier) || model.allowsPositionalBinding()) {
      return;
    }
    List<String> names = ((SqlIdentifier) argument).names;
    String column = names.get(names.size() - 1);
    if (!column.equalsIgnoreCase(feature.name())) {
      throw SqlscoreException.of(ErrorCode.FEATURE_MISMATCH,
          "argument %d of %s('%s', ...) is column '%s' but feature %d of model %s is '%s'; pass the "
              + "column named '%s', rename it in a subquery (SELECT %s AS %s ...), or import the model "
              + "WITH (binding = 'positional') to bind arguments by position",
          index + 1, getName(), model.label(), column, index + 1, model.label(), feature.name(),
          feature.name(), column, feature.name());
    }
  }

  private void checkType(ResolvedModel model, int index, SqlNode argument, FeatureSpec feature, RelDataType type) {
    SqlTypeName name = type.getSqlTypeName();
    if (name == SqlTypeName.NULL || name == SqlTypeName.ANY || name == SqlTypeName.UNKNOWN) {
      return;
    }
    SqlTypeFamily family = name.getFamily();
    boolean integer = SqlTypeName.INT_TYPES.contains(name)
        || name == SqlTypeName.DECIMAL && type.getScale() == 0;
    boolean ok;
    String expected;
    switch (feature.encoding()) {
      case ID:
        ok = integer;
        expected = "an integer feature id";
        break;
      case VOCABULARY:
        ok = family == SqlTypeFamily.CHARACTER || integer || name == SqlTypeName.BOOLEAN;
        expected = "a string or integer category";
        break;
      default:
        ok = family == SqlTypeFamily.NUMERIC;
        expected = "a number";
        break;
    }
    if (!ok) {
      throw SqlscoreException.of(ErrorCode.TYPE_MISMATCH,
          "argument %d of %s('%s', ...) (%s) has type %s but feature '%s' of model %s takes %s; cast it, "
              + "for example CAST(%s AS %s)",
          index + 1, getName(), model.label(), sql(argument), name, feature.name(), model.label(), expected,
          sql(argument), feature.encoding() == FeatureSpec.Encoding.VOCABULARY ? "VARCHAR"
              : feature.encoding() == FeatureSpec.Encoding.ID ? "BIGINT" : "DOUBLE");
    }
  }

  private static String sql(SqlNode node) {
    return node.toSqlString(io.sqlscore.planner.plan.DuckDbDialect.INSTANCE).getSql();
  }

  /** The SQL type a {@code ?} parameter in feature position takes. */
  static SqlTypeName parameterType(FeatureSpec feature) {
    switch (feature.encoding()) {
      case ID:
        return SqlTypeName.BIGINT;
      case VOCABULARY:
        return SqlTypeName.VARCHAR;
      default:
        return SqlTypeName.DOUBLE;
    }
  }

  @Override
  public String toString() {
    return getName().toUpperCase(Locale.ROOT);
  }
}

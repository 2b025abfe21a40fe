package io.sqlscore.planner.rules;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A hand-written immutable {@link RelRule.Config}: description, operands, RelBuilder factory,
 * and the constructor of the rule it configures.
 */
final class RuleConfig implements RelRule.Config {
  private final String description;
  private final RelRule.OperandTransform operands;
  private final RelBuilderFactory builders;
  private final Function<RuleConfig, RelOptRule> factory;

  private RuleConfig(String description, RelRule.OperandTransform operands, RelBuilderFactory builders,
      Function<RuleConfig, RelOptRule> factory) {
    this.description = description;
    this.operands = operands;
    this.builders = builders;
    this.factory = factory;
  }

  /** A config for the rule built by {@code factory}, matching {@code operands}. */
  static RuleConfig of(String description, RelRule.OperandTransform operands,
      Function<RuleConfig, RelOptRule> factory) {
    return new RuleConfig(description, operands, RelFactories.LOGICAL_BUILDER, factory);
  }

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public RelBuilderFactory relBuilderFactory() {
    return builders;
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory factory) {
    return new RuleConfig(description, operands, factory, this.factory);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public RelRule.Config withDescription(String description) {
    return new RuleConfig(description, operands, builders, factory);
  }

  @Override
  public RelRule.OperandTransform operandSupplier() {
    return operands;
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform transform) {
    return new RuleConfig(description, transform, builders, factory);
  }
}

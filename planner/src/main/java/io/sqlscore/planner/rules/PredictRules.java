package io.sqlscore.planner.rules;

import com.google.common.collect.ImmutableList;
import io.sqlscore.planner.rel.ArrowPredict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;

/**
 * The rules that plan scoring, in Calcite's {@link RelRule} style. Each declines quietly (does
 * not match) when there is nothing to do; binding errors were raised earlier, by validation.
 *
 * <ul>
 *   <li>{@link #PROJECT}: a Project with PREDICT / EXPLAIN_PREDICT calls becomes a Project of
 *       references over an {@link ArrowPredict};
 *   <li>{@link #FILTER}: likewise for a Filter whose condition scores rows (its deterministic
 *       conjuncts that do not score filter the input first, below the ArrowPredict);
 *   <li>{@link #PROJECT_FILTER}: a Project over such a Filter is done with it in one go (it runs
 *       first), so that the ArrowPredict hands on only the columns the two read, not every column
 *       of the Filter's input;
 *   <li>{@link #AGGREGATE_FILTER}: likewise an Aggregate over such a Filter (with it first): the
 *       ArrowPredict hands on only the columns the Aggregate reads ({@code count(*)}: none);
 *   <li>{@link #INNER_JOIN}: the scoring conjuncts of an inner Join's condition move into a
 *       Filter over the join (the same rows), which {@link #FILTER} then plans;
 *   <li>{@link #OUTER_JOIN}: a scoring call in another Join's condition that reads one side only
 *       becomes a column of that side (a Project, which {@link #PROJECT} then plans), and the
 *       condition compares that column (a call reading both sides is left, and refused);
 *   <li>{@link #FILTER_BELOW_PREDICT}: the conjuncts of a Filter over an ArrowPredict (one that
 *       scores a projection, as in a sub-query) that do not read predictions move below it (onto the input fields the ArrowPredict passes), into
 *       the SQL DuckDB runs, so that filtered-out rows are never scored.
 * </ul>
 */
public final class PredictRules {
  /** Extracts scoring calls from projections. */
  public static final RelOptRule PROJECT = RuleConfig.of("PredictProjectRule",
      b -> b.operand(LogicalProject.class)
          .predicate(p -> p.getProjects().stream().anyMatch(PredictExtraction::containsPredict))
          .anyInputs(),
      ProjectRule::new).toRule();

  /** Extracts scoring calls from filter conditions. */
  public static final RelOptRule FILTER = RuleConfig.of("PredictFilterRule",
      b -> b.operand(LogicalFilter.class)
          .predicate(f -> PredictExtraction.containsPredict(f.getCondition()))
          .anyInputs(),
      FilterRule::new).toRule();

  /** Extracts scoring calls from a Filter's condition together with the Project over it. */
  public static final RelOptRule PROJECT_FILTER = RuleConfig.of("PredictProjectFilterRule",
      overScoringFilter(LogicalProject.class, project -> true), ProjectFilterRule::new).toRule();

  /**
   * Extracts scoring calls from a Filter's condition together with the Aggregate over it (not
   * for calls with expressions of their own beside their arguments, whose reads are not mapped).
   */
  public static final RelOptRule AGGREGATE_FILTER = RuleConfig.of("PredictAggregateFilterRule",
      overScoringFilter(LogicalAggregate.class,
          aggregate -> aggregate.getAggCallList().stream().allMatch(c -> c.rexList.isEmpty())),
      AggregateFilterRule::new).toRule();

  /** Moves the scoring conjuncts of an inner Join's condition into a Filter over it. */
  public static final RelOptRule INNER_JOIN = RuleConfig.of("PredictInnerJoinRule",
      b -> b.operand(LogicalJoin.class)
          .predicate(j -> j.getJoinType() == JoinRelType.INNER && PredictExtraction.containsPredict(j.getCondition()))
          .anyInputs(),
      InnerJoinRule::new).toRule();

  /** Computes the one-sided scoring calls of a non-inner Join's condition as columns of that side. */
  public static final RelOptRule OUTER_JOIN = RuleConfig.of("PredictOuterJoinRule",
      b -> b.operand(LogicalJoin.class)
          .predicate(j -> j.getJoinType() != JoinRelType.INNER && PredictExtraction.containsPredict(j.getCondition())
              && OuterJoinRule.oneSided(j))
          .anyInputs(),
      OuterJoinRule::new).toRule();

  /** Pushes filters that do not read predictions below ArrowPredict. */
  public static final RelOptRule FILTER_BELOW_PREDICT = RuleConfig.of("FilterBelowArrowPredictRule",
      b -> b.operand(Filter.class)
          .oneInput(i -> i.operand(ArrowPredict.class).anyInputs()),
      FilterBelowRule::new).toRule();

  private PredictRules() {}

  /** The operands of a {@code top} node that {@code accepts}, right over a Filter whose condition scores rows. */
  private static <R extends RelNode> RelRule.OperandTransform overScoringFilter(Class<R> top,
      Predicate<? super R> accepts) {
    return b -> b.operand(top).predicate(accepts)
        .oneInput(f -> f.operand(LogicalFilter.class)
            .predicate(filter -> PredictExtraction.containsPredict(filter.getCondition()))
            .anyInputs());
  }

  /** The rewrite program run on every planned query. */
  public static HepProgram program() {
    return HepProgram.builder()
        .addMatchOrder(HepMatchOrder.BOTTOM_UP)
        .addRuleInstance(CoreRules.JOIN_PUSH_EXPRESSIONS)
        .addRuleCollection(List.of(INNER_JOIN, OUTER_JOIN))
        .addRuleCollection(List.of(PROJECT_FILTER, AGGREGATE_FILTER))
        .addRuleCollection(List.of(PROJECT, FILTER))
        .addRuleCollection(List.of(CoreRules.FILTER_PROJECT_TRANSPOSE, FILTER_BELOW_PREDICT,
            CoreRules.FILTER_MERGE))
        .build();
  }

  /** See {@link #PROJECT}. */
  static final class ProjectRule extends RelRule<RuleConfig> {
    ProjectRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Project project = call.rel(0);
      RelBuilder builder = call.builder();
      PredictExtraction.Result result =
          PredictExtraction.extract(project.getInput(), project.getProjects(), builder);
      call.transformTo(builder.push(result.predict())
          .project(result.expressions(), project.getRowType().getFieldNames(), true)
          .build());
    }
  }

  /** See {@link #FILTER}. */
  static final class FilterRule extends RelRule<RuleConfig> {
    FilterRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Filter filter = call.rel(0);
      RelNode input = filter.getInput();
      List<RexNode> everyField = new ArrayList<>();
      for (int i = 0; i < input.getRowType().getFieldCount(); i++) {
        everyField.add(RexInputRef.of(i, input.getRowType()));
      }
      call.transformTo(extractFiltered(input, filter.getCondition(), everyField, filter.getRowType().getFieldNames(),
          call.builder()));
    }
  }

  /** See {@link #INNER_JOIN}. */
  static final class InnerJoinRule extends RelRule<RuleConfig> {
    InnerJoinRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Join join = call.rel(0);
      // An inner join's condition reads the joined row, which is also the row over the join.
      Map<Boolean, List<RexNode>> conjuncts = RelOptUtil.conjunctions(join.getCondition()).stream()
          .collect(Collectors.partitioningBy(PredictExtraction::containsPredict));
      RelBuilder builder = call.builder();
      call.transformTo(builder.push(join.getLeft()).push(join.getRight())
          .join(JoinRelType.INNER, conjuncts.get(false))
          .filter(conjuncts.get(true))
          .build());
    }
  }

  /**
   * See {@link #OUTER_JOIN}. The calls are computed for every row of their side, not only for the
   * rows the condition compares; the values are the same, as the calls are deterministic.
   */
  static final class OuterJoinRule extends RelRule<RuleConfig> {
    OuterJoinRule(RuleConfig config) {
      super(config);
    }

    /** Whether each scoring call of {@code join}'s condition reads one side only. */
    static boolean oneSided(Join join) {
      int left = join.getLeft().getRowType().getFieldCount();
      return PredictExtraction.outermostCalls(join.getCondition()).stream()
          .allMatch(c -> readsLeftOnly(c, left) || RelOptUtil.InputFinder.bits(c).nextSetBit(0) >= left);
    }

    /** Whether {@code call} reads no field of the right side (fields from {@code left} on). */
    private static boolean readsLeftOnly(RexNode call, int left) {
      return RelOptUtil.InputFinder.bits(call).nextSetBit(left) < 0;
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Join join = call.rel(0);
      int left = join.getLeft().getRowType().getFieldCount();
      int right = join.getRight().getRowType().getFieldCount();
      List<RexNode> leftCalls = new ArrayList<>();
      List<RexNode> rightCalls = new ArrayList<>();
      for (RexCall scoring : PredictExtraction.outermostCalls(join.getCondition())) {
        (readsLeftOnly(scoring, left) ? leftCalls : rightCalls).add(scoring);
      }
      int added = leftCalls.size();
      RexShuttle toJoined = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return ref.getIndex() < left ? ref : new RexInputRef(ref.getIndex() + added, ref.getType());
        }

        @Override
        public RexNode visitCall(RexCall scoring) {
          int l = leftCalls.indexOf(scoring);
          int r = rightCalls.indexOf(scoring);
          return l >= 0 ? new RexInputRef(left + l, scoring.getType())
              : r >= 0 ? new RexInputRef(left + added + right + r, scoring.getType())
              : super.visitCall(scoring);
        }
      };
      RexShuttle toRight = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(ref.getIndex() - left, ref.getType());
        }
      };
      RelBuilder builder = call.builder();
      RelNode leftInput = builder.push(join.getLeft()).projectPlus(leftCalls).build();
      RelNode rightInput = builder.push(join.getRight()).projectPlus(toRight.apply(rightCalls)).build();
      builder.push(leftInput).push(rightInput).join(join.getJoinType(), toJoined.apply(join.getCondition()));
      List<RexNode> fields = new ArrayList<>();
      for (int f = 0; f < join.getRowType().getFieldCount(); f++) {
        fields.add(builder.field(f < left ? f : f + added));
      }
      call.transformTo(builder.project(fields, join.getRowType().getFieldNames(), true).build());
    }
  }

  /** See {@link #PROJECT_FILTER}. */
  static final class ProjectFilterRule extends RelRule<RuleConfig> {
    ProjectFilterRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Project project = call.rel(0);
      Filter filter = call.rel(1);
      // The Project reads the Filter's row, which is the Filter's input row.
      call.transformTo(extractFiltered(filter.getInput(), filter.getCondition(), project.getProjects(),
          project.getRowType().getFieldNames(), call.builder()));
    }
  }

  /** See {@link #AGGREGATE_FILTER}. */
  static final class AggregateFilterRule extends RelRule<RuleConfig> {
    AggregateFilterRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Aggregate aggregate = call.rel(0);
      Filter filter = call.rel(1);
      ImmutableBitSet read = fieldsRead(aggregate);
      RelBuilder builder = call.builder();
      List<RexNode> projections = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Map<Integer, Integer> positions = new HashMap<>();
      for (int field : read) {
        positions.put(field, projections.size());
        projections.add(RexInputRef.of(field, filter.getRowType()));
        names.add(filter.getRowType().getFieldNames().get(field));
      }
      if (read.isEmpty()) {
        // count(*) reads no column; a row still needs one field, a constant computed above the stream.
        projections.add(builder.literal(0));
        names.add("$f0");
      }
      RelNode trimmed = extractFiltered(filter.getInput(), filter.getCondition(), projections, names, builder);
      Mappings.TargetMapping mapping =
          Mappings.target(positions, filter.getRowType().getFieldCount(), projections.size());
      List<AggregateCall> calls = new ArrayList<>();
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        calls.add(aggregateCall.transform(mapping));
      }
      call.transformTo(aggregate.copy(aggregate.getTraitSet(), trimmed, aggregate.getGroupSet().permute(positions),
          ImmutableList.copyOf(ImmutableBitSet.permute(aggregate.getGroupSets(), positions)), calls));
    }

    /** The input fields {@code aggregate} reads: its keys, its calls' arguments, filters and orderings. */
    private static ImmutableBitSet fieldsRead(Aggregate aggregate) {
      ImmutableBitSet.Builder read = aggregate.getGroupSet().rebuild();
      for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
        read.addAll(aggregateCall.getArgList());
        if (aggregateCall.filterArg >= 0) {
          read.set(aggregateCall.filterArg);
        }
        for (RelFieldCollation collation : aggregateCall.collation.getFieldCollations()) {
          read.set(collation.getFieldIndex());
        }
        if (aggregateCall.distinctKeys != null) {
          read.addAll(aggregateCall.distinctKeys);
        }
      }
      return read.build();
    }
  }

  /**
   * The scoring calls of {@code condition} and {@code projections} (both over {@code input}'s row)
   * moved into one ArrowPredict, under a Filter on the condition and the projections, named
   * {@code names}. The condition's deterministic conjuncts that do not score filter the input
   * first, so that filtered-out rows are never scored and the columns only they read are not
   * handed on.
   */
  private static RelNode extractFiltered(RelNode input, RexNode condition, List<RexNode> projections,
      List<String> names, RelBuilder builder) {
    Map<Boolean, List<RexNode>> conjuncts = movableConjuncts(condition, c -> !PredictExtraction.containsPredict(c));
    List<RexNode> before = conjuncts.get(true);
    List<RexNode> scoring = conjuncts.get(false);
    RelNode rows = before.isEmpty() ? input : builder.push(input).filter(before).build();
    List<RexNode> expressions = new ArrayList<>(projections);
    expressions.add(RexUtil.composeConjunction(builder.getRexBuilder(), scoring));
    PredictExtraction.Result result = PredictExtraction.extract(rows, expressions, builder);
    List<RexNode> rewritten = result.expressions();
    return builder.push(result.predict())
        .filter(rewritten.get(rewritten.size() - 1))
        .project(rewritten.subList(0, rewritten.size() - 1), names, true)
        .build();
  }

  /**
   * The conjuncts of {@code condition} split into those that may run before scoring (under
   * {@code true}: deterministic and {@code readsNoScore}) and the rest (under {@code false}).
   */
  private static Map<Boolean, List<RexNode>> movableConjuncts(RexNode condition, Predicate<RexNode> readsNoScore) {
    return RelOptUtil.conjunctions(condition).stream()
        .collect(Collectors.partitioningBy(c -> readsNoScore.test(c) && RexUtil.isDeterministic(c)));
  }

  /** See {@link #FILTER_BELOW_PREDICT}. */
  static final class FilterBelowRule extends RelRule<RuleConfig> {
    FilterBelowRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(org.apache.calcite.plan.RelOptRuleCall call) {
      Filter filter = call.rel(0);
      ArrowPredict predict = call.rel(1);
      ImmutableBitSet inputFields = ImmutableBitSet.range(predict.firstOutputField());
      Map<Boolean, List<RexNode>> conjuncts = movableConjuncts(filter.getCondition(),
          c -> inputFields.contains(RelOptUtil.InputFinder.bits(c)));
      List<RexNode> below = conjuncts.get(true);
      List<RexNode> above = conjuncts.get(false);
      if (below.isEmpty()) {
        return;
      }
      RexShuttle toInput = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(predict.passed().get(ref.getIndex()), ref.getType());
        }
      };
      RelBuilder builder = call.builder();
      RelNode input = builder.push(predict.getInput()).filter(toInput.apply(below)).build();
      RelNode moved = predict.copy(predict.getTraitSet(), List.of(input));
      call.transformTo(builder.push(moved).filter(above).build());
    }
  }
}

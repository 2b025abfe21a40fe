package io.sqlscore.planner.exec;

import io.sqlscore.planner.plan.PushdownSql;
import io.sqlscore.planner.rel.PredictInvocation;
import io.sqlscore.planner.rel.PredictOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The physical plan of a Calcite-planned query: a tree of {@link Segment}s. A segment is one SQL
 * statement DuckDB runs; it may read scoring streams, each of which scores the rows of another
 * segment with one or more models. {@code EXPLAIN PLAN FOR} prints this tree; execution runs
 * exactly it.
 */
public final class ExecutablePlan {
  /**
   * One statement DuckDB runs, and the scoring streams it reads as tables.
   *
   * @param sql the statement, naming each stream by its placeholder
   * @param streams the streams it reads
   */
  public record Segment(PushdownSql sql, List<ScoringStream> streams) {}

  /**
   * Rows of a segment with model outputs appended (an ArrowPredict operator).
   *
   * @param placeholder the view name the reading SQL uses for it
   * @param input the segment whose rows are scored
   * @param inputFields the names of the input's columns
   * @param passed the input columns the stream hands on (indexes into {@code inputFields}), before its outputs
   * @param invocations the forward passes run on each batch
   */
  public record ScoringStream(String placeholder, Segment input, List<String> inputFields, List<Integer> passed,
      List<PredictInvocation> invocations) {}

  /**
   * Execution settings shown by EXPLAIN.
   *
   * @param requestedDevice the device setting: auto, cpu or gpu
   * @param device the backend the models run on, e.g. cpu when auto found no GPU
   * @param batchSize rows per scored batch
   * @param threads threads per batch
   */
  public record Settings(String requestedDevice, String device, int batchSize, int threads) {
    /** The device as EXPLAIN shows it: {@code cpu}, {@code gpu}, or {@code auto -> cpu} when auto chose. */
    public String deviceLabel() {
      return requestedDevice.equals(device) ? device : requestedDevice + " -> " + device;
    }
  }

  private final Segment root;

  /** A plan whose last statement is {@code root}. */
  public ExecutablePlan(Segment root) {
    this.root = root;
  }

  /** The statement DuckDB runs last. */
  public Segment root() {
    return root;
  }

  /** Whether the plan scores rows. */
  public boolean scores() {
    return !root.streams().isEmpty();
  }

  /** The plan as text lines, one operator per line, inputs indented below. */
  public List<String> explain(Settings settings) {
    List<String> lines = new ArrayList<>();
    explain(root, settings, "", lines);
    return lines;
  }

  private static void explain(Segment segment, Settings settings, String indent, List<String> lines) {
    lines.add(indent + "DuckDbQuery(sql=[" + segment.sql().sql() + "])");
    for (ScoringStream stream : segment.streams()) {
      String passes = stream.invocations().stream()
          .map(i -> "model=" + i.model().name() + ", version=" + i.model().version() + ", outputs="
              + i.outputs().stream().map(PredictOutput::label).collect(Collectors.toList()))
          .collect(Collectors.joining("; "));
      List<String> handedOn = stream.passed().stream().map(stream.inputFields()::get).toList();
      lines.add(indent + "  ArrowPredict(" + passes + ", passes=" + handedOn + ", device=" + settings.deviceLabel() + ", batch="
          + settings.batchSize() + ", threads=" + settings.threads() + ", stream=" + stream.placeholder() + ")");
      explain(stream.input(), settings, indent + "    ", lines);
    }
  }
}

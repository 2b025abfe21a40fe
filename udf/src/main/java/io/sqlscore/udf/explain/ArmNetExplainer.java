package io.sqlscore.udf.explain;

import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.Arrays;

/**
 * ARM-Net explanations (EXPLAIN.md): for each exponential neuron n, its support S_n (fields with
 * a non-zero gate), its strength m_n = Σ|w| and its effective cross feature C_n (the fields of
 * S_n by |w| descending, ties by lower index, cut at the shortest prefix whose |w| sum reaches
 * m_n / 2). Neurons with the same C_n form one item of weight Σ m_n / (K·O). Local field
 * importance is the mean over neurons of |w|. Sums are in double.
 *
 * <p>This runs for every explained row, so it works on primitive arrays that the
 * {@link ExplainedRow} it writes into keeps from row to row (a ThreadLocal lookup per row cost
 * about a fifth of the explanation). C_n is found by picking the largest remaining |w| until the
 * picked sum reaches m_n / 2 (a few picks; no sort of the whole support). A trained neuron's
 * picks rarely change from one row to the next (on the Frappe test rows, 99.95% of the neurons
 * of both ARM-Net models pick the same fields in the same order as in the row before), so each
 * neuron first checks the previous row's picks against this row's weights, which takes one pass
 * over the fields instead of one per pick, and picks afresh only where the check fails. The
 * check accepts exactly when picking afresh would give the same picks, so the result never
 * depends on the row before. Where neurons often change their picks (the bundled Adult model:
 * about half keep them), failed checks are wasted work, and the checks pause for a while. Each C_n
 * is a bit set in {@code words} longs; neurons are grouped through an open-addressing table of
 * those bit sets (in neuron order, so every item's weight is summed in the same order), or keep
 * the previous row's grouping when every neuron kept its picks; only the top k items are kept, in
 * one pass.
 */
final class ArmNetExplainer implements Explainer {
  @Override
  public Outputs needs() {
    return ARM_NET_OUTPUTS;
  }

  @Override
  public void explain(ForwardResult result, int row, int k, ExplainedRow into) {
    ArmLayout layout = result.armLayout();
    explain(result.gatesAsLaidOut(), result.interactionWeightsAsLaidOut(), layout, row,
        result.armHeads() * result.armNeurons(), result.fields(), k, into);
  }

  /**
   * Explains row {@code row} of the given gates and interaction weights, laid out as
   * {@code layout} says. Also used for the weights-only global explanation, with the
   * {@code values} parameter as the weights and every gate positive.
   */
  static void explain(float[] gates, float[] weights, ArmLayout layout, int row, int neurons, int fields, int k,
      ExplainedRow into) {
    int fieldStep = layout.fieldStep();
    Scratch scratch = Scratch.of(into, neurons, fields);
    float[] remaining = scratch.remaining;
    double[] importance = into.begin(fields);
    boolean checking = scratch.checkPicks();
    int repicked = 0;
    for (int n = 0; n < neurons; n++) {
      int base = layout.at(row, n, 0);
      double m = 0;
      int inSupport = 0;
      for (int f = 0; f < fields; f++) {
        float magnitude = Math.abs(weights[base + f * fieldStep]);
        importance[f] += magnitude;
        if (gates[base + f * fieldStep] > 0) {
          m += magnitude;
          inSupport++;
          remaining[f] = magnitude;
        } else {
          remaining[f] = -1f;
        }
      }
      scratch.support[n] = inSupport;
      scratch.strength[n] = m;
      if (!(checking && repeatsPicks(scratch, n, m, inSupport))) {
        pick(scratch, n, m, inSupport);
        repicked++;
      }
    }
    if (checking) {
      scratch.checked(neurons, neurons - repicked);
    }
    for (int f = 0; f < fields; f++) {
      importance[f] /= neurons;
    }
    if (repicked > 0 || !scratch.grouped) {
      group(scratch, neurons);
    }
    select(scratch, neurons, k, into);
    into.rankImportance();
  }

  /**
   * Picks C_n of neuron {@code n} from {@code scratch.remaining} (this row's |w|, -1 outside the
   * support): the largest remaining |w| (the lowest field among equals) until half of m is
   * reached. Records the picks, in order, for the next row's {@link #repeatsPicks}.
   */
  private static void pick(Scratch scratch, int n, double m, int inSupport) {
    float[] remaining = scratch.remaining;
    int fields = scratch.fields;
    int words = scratch.words;
    long[] crosses = scratch.crosses;
    for (int w = 0; w < words; w++) {
      crosses[n * words + w] = 0L;
    }
    double cumulative = 0;
    int picked = 0;
    while (picked < inSupport) {
      int best = 0;
      float largest = remaining[0];
      for (int f = 1; f < fields; f++) {
        float candidate = remaining[f];
        best = candidate > largest ? f : best;
        largest = candidate > largest ? candidate : largest;
      }
      remaining[best] = -1f;
      crosses[n * words + (best >>> 6)] |= 1L << best;
      scratch.picks[n * fields + picked++] = best;
      cumulative += largest;
      if (cumulative >= m / 2) {
        break;
      }
    }
    scratch.pickCount[n] = picked;
  }

  /**
   * Whether picking C_n of neuron {@code n} afresh from {@code scratch.remaining} would make the
   * same picks, in the same order, as the previous row: each recorded pick is in the support and
   * ranks below the one before it (smaller |w|, or equal |w| and a higher field), the last ranks
   * above every field not picked, and the picked sum first reaches half of m (or the support runs
   * out) at the last pick.
   */
  private static boolean repeatsPicks(Scratch scratch, int n, double m, int inSupport) {
    int count = scratch.pickCount[n];
    if (count <= 0) {
      return count == 0 && inSupport == 0;
    }
    float[] remaining = scratch.remaining;
    int from = n * scratch.fields;
    int[] picks = scratch.picks;
    double half = m / 2;
    double cumulative = 0;
    long previous = Long.MAX_VALUE;
    boolean repeats = true;
    for (int i = 0; i < count && repeats; i++) {
      int f = picks[from + i];
      float magnitude = remaining[f];
      long key = rankKey(magnitude, f);
      cumulative += magnitude;
      boolean stops = cumulative >= half || i + 1 == inSupport;
      repeats = magnitude >= 0 && key < previous && stops == (i + 1 == count);
      previous = key;
    }
    if (!repeats) {
      return false;
    }
    // The picks are in the support and in rank order; they are the first picks if exactly they
    // rank at or above the last one.
    int atOrAbove = 0;
    for (int f = 0; f < scratch.fields; f++) {
      atOrAbove += rankKey(remaining[f], f) >= previous ? 1 : 0;
    }
    return atOrAbove == count;
  }

  /**
   * A key that orders the (|w|, field) pairs of one neuron as picking does: larger |w| first,
   * then the lower field. Exact for |w| >= 0 (their bits order as their values); -1 and NaN
   * order below and above every |w|, which the callers tell apart.
   */
  private static long rankKey(float magnitude, int field) {
    return ((long) Float.floatToRawIntBits(magnitude) << 32) | (0xFFFFFFFFL - field);
  }

  /**
   * Groups the neurons by C_n into items (in order of first appearance), with each item's
   * representative neuron, order and neuron count; remembers that a grouping exists.
   */
  private static void group(Scratch scratch, int neurons) {
    long[] crosses = scratch.crosses;
    int words = scratch.words;
    int[] slots = scratch.slots;
    Arrays.fill(slots, -1);
    int[] representative = scratch.representative;
    int[] count = scratch.count;
    int[] size = scratch.size;
    int items = 0;
    for (int n = 0; n < neurons; n++) {
      int slot = hash(crosses, n * words, words) & (slots.length - 1);
      while (slots[slot] >= 0 && !sameCross(crosses, words, representative[slots[slot]], n)) {
        slot = (slot + 1) & (slots.length - 1);
      }
      int item = slots[slot];
      if (item < 0) {
        item = items++;
        slots[slot] = item;
        representative[item] = n;
        count[item] = 0;
        size[item] = 0;
        for (int w = 0; w < words; w++) {
          size[item] += Long.bitCount(crosses[n * words + w]);
        }
      }
      scratch.itemOf[n] = item;
      count[item]++;
    }
    scratch.items = items;
    scratch.grouped = true;
  }

  /**
   * Sums each item's strength and largest support over its neurons (in neuron order) and writes
   * the top {@code k} items in rank order to {@code into}.
   */
  private static void select(Scratch scratch, int neurons, int k, ExplainedRow into) {
    int items = scratch.items;
    double[] weight = scratch.weight;
    int[] maxSupport = scratch.maxSupport;
    Arrays.fill(weight, 0, items, 0);
    Arrays.fill(maxSupport, 0, items, 0);
    for (int n = 0; n < neurons; n++) {
      int item = scratch.itemOf[n];
      weight[item] += scratch.strength[n] / neurons;
      maxSupport[item] = Math.max(maxSupport[item], scratch.support[n]);
    }
    long[] crosses = scratch.crosses;
    int words = scratch.words;
    int[] representative = scratch.representative;
    int[] size = scratch.size;
    // The top k in one pass: each item is inserted into the ranked list of the best so far.
    int picks = Math.min(k, items);
    int[] top = scratch.top;
    int kept = 0;
    for (int i = 0; i < items; i++) {
      if (kept == picks && (picks == 0 || !ranksBefore(i, top[kept - 1], weight, size, representative, crosses, words))) {
        continue;
      }
      int at = kept < picks ? kept++ : picks - 1;
      while (at > 0 && ranksBefore(i, top[at - 1], weight, size, representative, crosses, words)) {
        top[at] = top[at - 1];
        at--;
      }
      top[at] = i;
    }
    for (int pick = 0; pick < picks; pick++) {
      int item = top[pick];
      for (int w = 0; w < words; w++) {
        for (long bits = crosses[representative[item] * words + w]; bits != 0; bits &= bits - 1) {
          into.addField((w << 6) + Long.numberOfTrailingZeros(bits));
        }
      }
      into.endCross(maxSupport[item], scratch.count[item], weight[item]);
    }
  }

  /**
   * EXPLAIN.md's ranking on item indices: weight descending, order ascending, then field lists
   * lexicographically; for two sets of one size, the one holding the lowest field of their
   * symmetric difference comes first.
   */
  private static boolean ranksBefore(int a, int b, double[] weight, int[] size, int[] representative,
      long[] crosses, int words) {
    if (weight[a] != weight[b]) {
      return weight[a] > weight[b];
    }
    if (size[a] != size[b]) {
      return size[a] < size[b];
    }
    for (int w = 0; w < words; w++) {
      long differ = crosses[representative[a] * words + w] ^ crosses[representative[b] * words + w];
      if (differ != 0) {
        return (crosses[representative[a] * words + w] & Long.lowestOneBit(differ)) != 0;
      }
    }
    return false;
  }

  private static int hash(long[] crosses, int from, int words) {
    long h = 0;
    for (int w = 0; w < words; w++) {
      h = (h + crosses[from + w]) * 0x9E3779B97F4A7C15L;
    }
    return (int) (h ^ (h >>> 32));
  }

  private static boolean sameCross(long[] crosses, int words, int a, int b) {
    for (int w = 0; w < words; w++) {
      if (crosses[a * words + w] != crosses[b * words + w]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Working arrays for one shape of model, kept by the {@link ExplainedRow} they fill, with the
   * previous row's picks and grouping.
   */
  private static final class Scratch {
    private static final int CHECK_WINDOW = 1024;
    private static final double MIN_KEPT_SHARE = 0.8;
    private static final int PAUSE_ROWS = 2048;
    final int neurons;
    final int fields;
    final int words;
    /** C_n of every neuron, {@code words} longs each. */
    final long[] crosses;
    final double[] strength;
    final int[] support;
    /** The neuron at hand's |w| per field; -1 outside its support and once picked. */
    final float[] remaining;
    /** Each neuron's picks in pick order, {@code fields} slots per neuron. */
    final int[] picks;
    /** How many picks each neuron made; -1 before its first row. */
    final int[] pickCount;
    final int[] slots;
    final int[] itemOf;
    final int[] representative;
    final double[] weight;
    final int[] maxSupport;
    final int[] count;
    final int[] size;
    final int[] top;
    int items;
    /** Whether {@link #itemOf} and the item arrays hold the grouping of {@link #crosses}. */
    boolean grouped;
    /** Neurons checked and neurons that kept their picks since the last decision. */
    private int checkedNeurons;
    private int keptNeurons;
    /** Rows left to explain without checking, after checks stopped paying. */
    private int rowsUnchecked;

    /**
     * Whether this row's neurons should check the previous row's picks. Checking pays when most
     * neurons keep their picks (Frappe's models: 99.95%); where they do not (the bundled Adult
     * model: about half), a failed check is wasted work, so after {@link #CHECK_WINDOW} checks
     * with fewer than {@link #MIN_KEPT_SHARE} kept, rows are explained without checks for
     * {@link #PAUSE_ROWS} rows, then checks resume.
     */
    boolean checkPicks() {
      if (rowsUnchecked > 0) {
        rowsUnchecked--;
        return false;
      }
      return true;
    }

    /** Records the outcome of one row's checks: {@code checked} neurons, {@code kept} kept their picks. */
    void checked(int checked, int kept) {
      checkedNeurons += checked;
      keptNeurons += kept;
      if (checkedNeurons >= CHECK_WINDOW) {
        if (keptNeurons < MIN_KEPT_SHARE * checkedNeurons) {
          rowsUnchecked = PAUSE_ROWS;
        }
        checkedNeurons = 0;
        keptNeurons = 0;
      }
    }

    private Scratch(int neurons, int fields) {
      this.neurons = neurons;
      this.fields = fields;
      this.words = (fields + 63) >>> 6;
      this.crosses = new long[neurons * words];
      this.strength = new double[neurons];
      this.support = new int[neurons];
      this.remaining = new float[fields];
      this.picks = new int[neurons * fields];
      this.pickCount = new int[neurons];
      Arrays.fill(pickCount, -1);
      this.slots = new int[Integer.highestOneBit(Math.max(1, neurons)) * 4];
      this.itemOf = new int[neurons];
      this.representative = new int[neurons];
      this.weight = new double[neurons];
      this.maxSupport = new int[neurons];
      this.count = new int[neurons];
      this.size = new int[neurons];
      this.top = new int[neurons];
    }

    /** The scratch for {@code neurons} x {@code fields} that {@code row} keeps between rows. */
    static Scratch of(ExplainedRow row, int neurons, int fields) {
      if (row.workspace instanceof Scratch scratch && scratch.neurons == neurons && scratch.fields == fields) {
        return scratch;
      }
      Scratch scratch = new Scratch(neurons, fields);
      row.workspace = scratch;
      return scratch;
    }
  }
}

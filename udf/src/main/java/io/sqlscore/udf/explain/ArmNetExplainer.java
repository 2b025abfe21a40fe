package io.sqlscore.udf.explain;

import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Outputs;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * ARM-Net explanations (EXPLAIN.md): for each exponential neuron n, its support S_n (fields with
 * a non-zero gate), its strength m_n = Σ|w| and its effective cross feature C_n (the fields of
 * S_n by |w| descending, ties by lower index, cut at the shortest prefix whose |w| sum reaches
 * m_n / 2). Neurons with the same C_n form one item of weight Σ m_n / (K·O). Local field
 * importance is the mean over neurons of |w|. Sums are in double.
 *
 * <p>This runs for every explained row, so it works on primitive arrays that the
 * {@link ExplainedRow} it writes into keeps from row to row (a ThreadLocal lookup per row cost
 * about a fifth of the explanation), and on all neurons at once where it can: the CPU model's
 * gates and weights are field-major (each field's neurons side by side), so one Vector API lane
 * per neuron gives every neuron's support, m_n (summed in field order, as one neuron alone would
 * be) and |w| per field in a pass over the fields. C_n is found by picking the largest remaining
 * |w| until the picked sum reaches m_n / 2 (a few picks; no sort of the whole support). A trained
 * neuron's picks rarely change from one row to the next (on the Frappe test rows, 99.95% of the
 * neurons of both ARM-Net models pick the same fields in the same order as in the row before), so
 * the previous row's picks are first checked against this row's weights, for all neurons at once
 * ({@link #checkPicks}), and a neuron picks afresh only where the check fails. The check accepts
 * exactly when picking afresh would give the same picks, so the result never depends on the row
 * before. Where neurons often change their picks (the bundled Adult model: about half keep
 * them), failed checks are wasted work, and the checks pause for a while. Each C_n is a bit set
 * in {@code words} longs; neurons are grouped through an open-addressing table of those bit sets
 * (in neuron order, so every item's weight is summed in the same order), or keep the previous
 * row's grouping when every neuron kept its picks; only the top k items are kept, in one pass.
 *
 * <p>Vector code here avoids what JDK 17's incubating Vector API does not compile to vector
 * instructions (it then allocates a vector object per operation, which cost more than the whole
 * scalar explainer): gathers, masks combined with {@code and}/{@code or}, lane tests, and a
 * float vector carried around a loop and stored after it.
 */
final class ArmNetExplainer implements Explainer {
  private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
  /** Floats and ints with as many lanes as {@link #DOUBLES}: conversions between them are one instruction. */
  private static final VectorSpecies<Float> FLOATS =
      VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
  private static final VectorSpecies<Integer> INTS = FLOATS.withLanes(int.class);
  private static final int LANES = FLOATS.length();

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
    Scratch scratch = Scratch.of(into, neurons, fields);
    int stride = layout.fieldStep();
    int base = layout.at(row, 0, 0);
    if (layout.neuronStep() != 1 || stride % LANES != 0) {
      scratch.copyFieldMajor(gates, weights, layout, row);
      gates = scratch.gatesCopy;
      weights = scratch.weightsCopy;
      stride = scratch.stride;
      base = 0;
    }
    importance(weights, base, stride, neurons, fields, into.begin(fields));
    boolean hasNaN = supports(gates, weights, base, stride, scratch);
    boolean checking = scratch.checkPicks() && !hasNaN;
    if (checking) {
      if (!scratch.picksIndexed) {
        scratch.indexPicks();
      }
      checkPicks(scratch);
    }
    float[] remaining = scratch.remaining;
    int repicked = 0;
    for (int n = 0; n < neurons; n++) {
      int inSupport = (int) scratch.supportCount[n];
      if (!(checking && repeatsPicks(scratch, n, inSupport))) {
        for (int f = 0; f < fields; f++) {
          remaining[f] = scratch.remainingByField[f * scratch.stride + n];
        }
        pick(scratch, n, scratch.strength[n], inSupport);
        repicked++;
      }
    }
    if (checking) {
      scratch.checked(neurons, neurons - repicked);
    }
    if (repicked > 0 || !scratch.grouped) {
      group(scratch, neurons);
    }
    select(scratch, neurons, k, into);
    into.rankImportance();
  }

  /**
   * Local importance: the mean |w| of each field over the neurons, summed in neuron order; four
   * fields at a time, so that four independent sums keep the adder busy.
   */
  private static void importance(float[] weights, int base, int stride, int neurons, int fields, double[] importance) {
    int f = 0;
    for (; f + 3 < fields; f += 4) {
      double sum0 = 0;
      double sum1 = 0;
      double sum2 = 0;
      double sum3 = 0;
      for (int n = 0, at = base + f * stride; n < neurons; n++) {
        sum0 += Math.abs(weights[at + n]);
        sum1 += Math.abs(weights[at + stride + n]);
        sum2 += Math.abs(weights[at + 2 * stride + n]);
        sum3 += Math.abs(weights[at + 3 * stride + n]);
      }
      importance[f] = sum0 / neurons;
      importance[f + 1] = sum1 / neurons;
      importance[f + 2] = sum2 / neurons;
      importance[f + 3] = sum3 / neurons;
    }
    for (; f < fields; f++) {
      double sum = 0;
      for (int n = 0, at = base + f * stride; n < neurons; n++) {
        sum += Math.abs(weights[at + n]);
      }
      importance[f] = sum / neurons;
    }
  }

  /**
   * For every neuron, a vector lane each: its |w| per field (-1 outside the support) into
   * {@code remainingByField}, its strength m (summed in field order) and its support size.
   * Returns whether any field in a support has a NaN |w| (m is then NaN: every other |w| is a
   * number >= 0). Lanes past the last neuron hold whatever the layout's padding holds.
   */
  private static boolean supports(float[] gates, float[] weights, int base, int stride, Scratch scratch) {
    for (int nb = 0; nb < scratch.neurons; nb += LANES) {
      DoubleVector m = DoubleVector.zero(DOUBLES);
      DoubleVector support = DoubleVector.zero(DOUBLES);
      for (int f = 0; f < scratch.fields; f++) {
        int at = base + f * stride + nb;
        FloatVector magnitude = FloatVector.fromArray(FLOATS, weights, at).abs();
        var in = FloatVector.fromArray(FLOATS, gates, at).compare(VectorOperators.GT, 0f);
        FloatVector.broadcast(FLOATS, -1f).blend(magnitude, in)
            .intoArray(scratch.remainingByField, f * scratch.stride + nb);
        FloatVector inSupport = FloatVector.zero(FLOATS).blend(magnitude, in);
        m = m.add((DoubleVector) inSupport.convertShape(VectorOperators.F2D, DOUBLES, 0));
        support = support.add((DoubleVector) FloatVector.zero(FLOATS).blend(1f, in)
            .convertShape(VectorOperators.F2D, DOUBLES, 0));
      }
      m.intoArray(scratch.strength, nb);
      support.intoArray(scratch.supportCount, nb);
    }
    boolean nan = false;
    for (int n = 0; n < scratch.neurons; n++) {
      nan |= Double.isNaN(scratch.strength[n]);
    }
    return nan;
  }

  /**
   * Tests, for every neuron at once, whether picking afresh would repeat the previous row's
   * picks: counts the fields ranking at or above the last pick (only the picks may), and walks
   * the picks by position checking that each is in the support and ranks below the one before,
   * and that the picked sum first reaches half of m (or the support runs out) at the last pick.
   * Sums run in pick order in double, as picking sums them. Results per neuron in
   * {@code atOrAbove}, {@code misordered} and {@code misplacedCut} for {@link #repeatsPicks}.
   * Ranks compare the bits of |w| (which order as the values for |w| >= 0, and put -1 below); a
   * row with a NaN in a support is not checked.
   */
  private static void checkPicks(Scratch scratch) {
    int stride = scratch.stride;
    float[] magnitudes = scratch.pickMagnitude;
    float[] remaining = scratch.remainingByField;
    for (int j = 0; j < scratch.gathered; j++) {
      magnitudes[scratch.gatherTo[j]] = remaining[scratch.gatherFrom[j]];
    }
    IntVector one = IntVector.broadcast(INTS, 1);
    DoubleVector oneD = DoubleVector.broadcast(DOUBLES, 1);
    int lastRow = scratch.fields * stride;
    for (int nb = 0; nb < scratch.neurons; nb += LANES) {
      IntVector count = IntVector.fromArray(INTS, scratch.pickCountLanes, nb);
      // Fields at or above the last pick: |w| bits above, or equal with a field not after it.
      IntVector lastBits = FloatVector.fromArray(FLOATS, magnitudes, lastRow + nb).reinterpretAsInts().sub(1);
      IntVector lastField = IntVector.fromArray(INTS, scratch.lastPickField, nb);
      IntVector above = IntVector.zero(INTS);
      IntVector previousBits = IntVector.broadcast(INTS, Integer.MAX_VALUE);
      IntVector previousField = IntVector.broadcast(INTS, Integer.MAX_VALUE);
      IntVector misordered = IntVector.zero(INTS);
      DoubleVector counted = (DoubleVector) count.convertShape(VectorOperators.I2D, DOUBLES, 0);
      DoubleVector half = DoubleVector.fromArray(DOUBLES, scratch.strength, nb).div(2);
      DoubleVector support = DoubleVector.fromArray(DOUBLES, scratch.supportCount, nb);
      DoubleVector cumulative = DoubleVector.zero(DOUBLES);
      DoubleVector misplaced = DoubleVector.zero(DOUBLES);
      for (int i = 0; i < scratch.mostPicks; i++) {
        FloatVector magnitude = FloatVector.fromArray(FLOATS, magnitudes, i * stride + nb);
        IntVector bits = magnitude.reinterpretAsInts();
        IntVector field = IntVector.fromArray(INTS, scratch.pickField, i * stride + nb);
        // In the support, and below the pick before (equal |w| only with a later field).
        IntVector bound = previousBits.add(previousField.sub(field).lanewise(VectorOperators.LSHR, 31));
        misordered = misordered.blend(one, bits.compare(VectorOperators.LT, 0))
            .blend(one, bits.compare(VectorOperators.GE, bound));
        previousBits = bits;
        previousField = field;
        cumulative = cumulative.add((DoubleVector) magnitude.convertShape(VectorOperators.F2D, DOUBLES, 0));
        // Picking stops here if the sum reaches half of m or the support runs out.
        DoubleVector stopAt = cumulative.blend(Double.POSITIVE_INFINITY, support.compare(VectorOperators.EQ, i + 1));
        misplaced = misplaced
            .blend(oneD, stopAt.blend(Double.NEGATIVE_INFINITY, counted.compare(VectorOperators.LE, i + 1))
                .compare(VectorOperators.GE, half))
            .blend(oneD, stopAt.blend(Double.POSITIVE_INFINITY, counted.compare(VectorOperators.NE, i + 1))
                .compare(VectorOperators.LT, half));
      }
      misordered.intoArray(scratch.misordered, nb);
      misplaced.intoArray(scratch.misplacedCut, nb);
      for (int f = 0; f < scratch.fields; f++) {
        IntVector r = FloatVector.fromArray(FLOATS, remaining, f * stride + nb).reinterpretAsInts();
        IntVector threshold = lastBits.sub(lastField.sub(f).lanewise(VectorOperators.ASHR, 31));
        above = above.add(one, r.compare(VectorOperators.GT, threshold));
      }
      above.intoArray(scratch.atOrAbove, nb);
    }
  }

  /** Whether neuron {@code n} repeats its previous picks, from {@link #checkPicks}' results. */
  private static boolean repeatsPicks(Scratch scratch, int n, int inSupport) {
    int count = scratch.pickCount[n];
    if (count <= 0) {
      return count == 0 && inSupport == 0;
    }
    return scratch.atOrAbove[n] == count && scratch.misordered[n] == 0 && scratch.misplacedCut[n] == 0;
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
    scratch.picksIndexed = false;
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
      maxSupport[item] = Math.max(maxSupport[item], (int) scratch.supportCount[n]);
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
      if (kept == picks && (picks == 0 || weight[i] < weight[top[kept - 1]]
          || !ranksBefore(i, top[kept - 1], weight, size, representative, crosses, words))) {
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
    /** A field number past every real field, for the positions after a neuron's last pick. */
    private static final int PAST_LAST = 1 << 20;
    private static final int CHECK_WINDOW = 1024;
    private static final double MIN_KEPT_SHARE = 0.8;
    private static final int PAUSE_ROWS = 2048;
    final int neurons;
    final int fields;
    final int words;
    /** C_n of every neuron, {@code words} longs each. */
    final long[] crosses;
    final double[] strength;
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
    /** Neurons padded to a whole number of vector lanes: the stride of the field-major arrays. */
    final int stride;
    /** This row's |w| per field and neuron, field-major; -1 outside the support. */
    final float[] remainingByField;
    /** This row's support size per neuron, as a double. */
    final double[] supportCount;
    /** The previous picks by position, field-major like the row: pick i of neuron n at i * stride + n. */
    final int[] pickField;
    /** Each neuron's last pick. */
    final int[] lastPickField;
    /** This row's |w| of the previous picks, by position as {@link #pickField}; row {@code fields}: the last pick. */
    final float[] pickMagnitude;
    /** How many picks each neuron made (0 before its first row), per lane. */
    final int[] pickCountLanes;
    /** Where {@link #gatherFrom} entries are copied from {@link #remainingByField} to {@link #pickMagnitude}. */
    final int[] gatherFrom;
    final int[] gatherTo;
    int gathered;
    /** The most picks of any neuron. */
    int mostPicks;
    /** Whether {@link #pickField} and the gather lists describe the current picks. */
    boolean picksIndexed;
    /**
     * Per neuron, from {@link #checkPicks}: how many fields rank at or above its last pick, and
     * (non-zero) whether its picks are out of order or out of the support, or the cut moved.
     */
    final int[] atOrAbove;
    final int[] misordered;
    final double[] misplacedCut;
    float[] gatesCopy;
    float[] weightsCopy;
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
      this.stride = (neurons + LANES - 1) / LANES * LANES;
      this.crosses = new long[neurons * words];
      this.strength = new double[stride];
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
      this.remainingByField = new float[fields * stride];
      this.supportCount = new double[stride];
      this.pickField = new int[fields * stride];
      this.lastPickField = new int[stride];
      this.pickMagnitude = new float[(fields + 1) * stride];
      this.pickCountLanes = new int[stride];
      this.gatherFrom = new int[neurons * (fields + 1)];
      this.gatherTo = new int[neurons * (fields + 1)];
      this.atOrAbove = new int[stride];
      this.misordered = new int[stride];
      this.misplacedCut = new double[stride];
    }

    /**
     * Lays out the picks for the vector check: each neuron's picks by position, the positions past
     * its last pick filled so that they pass every test, and the list of this row's |w| to copy.
     */
    void indexPicks() {
      Arrays.fill(pickMagnitude, 0f);
      gathered = 0;
      mostPicks = 0;
      for (int i = 0; i < fields; i++) {
        Arrays.fill(pickField, i * stride, (i + 1) * stride, PAST_LAST + i);
      }
      for (int n = 0; n < neurons; n++) {
        int count = Math.max(0, pickCount[n]);
        pickCountLanes[n] = count;
        mostPicks = Math.max(mostPicks, count);
        for (int i = 0; i < count; i++) {
          int f = picks[n * fields + i];
          pickField[i * stride + n] = f;
          gatherFrom[gathered] = f * stride + n;
          gatherTo[gathered++] = i * stride + n;
        }
        lastPickField[n] = count > 0 ? picks[n * fields + count - 1] : 0;
        if (count > 0) {
          gatherFrom[gathered] = lastPickField[n] * stride + n;
          gatherTo[gathered++] = fields * stride + n;
        }
      }
      picksIndexed = true;
    }

    /** Copies row {@code row} into field-major arrays padded to {@link #stride} (gates 0 in the padding). */
    void copyFieldMajor(float[] gates, float[] weights, ArmLayout layout, int row) {
      if (gatesCopy == null) {
        gatesCopy = new float[fields * stride];
        weightsCopy = new float[fields * stride];
      }
      for (int n = 0; n < neurons; n++) {
        for (int f = 0; f < fields; f++) {
          gatesCopy[f * stride + n] = gates[layout.at(row, n, f)];
          weightsCopy[f * stride + n] = weights[layout.at(row, n, f)];
        }
      }
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

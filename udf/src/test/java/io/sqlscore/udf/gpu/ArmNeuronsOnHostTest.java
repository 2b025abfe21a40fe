package io.sqlscore.udf.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.model.SafeTensors;
import io.sqlscore.udf.ArmLayout;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.cpu.CpuBackend;
import io.sqlscore.udf.cpu.ExponentialNeurons;
import io.sqlscore.udf.encode.LibsvmReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GPU kernels' ARM-Net arithmetic (arm_math.h), run on the host through the native library,
 * gives bitwise the CPU backend's gates, interaction weights and exponential-neuron outputs: the
 * premise of EXPLAIN_PREDICT on the GPU being exactly the CPU's. Covers every gate power
 * (softmax, α = 1.5, 1.7 and 2), value clamping, the bundled Adult models on random rows and,
 * where ../shared has them, the Frappe ARM-Net models on their test rows. Needs the native
 * library (built where nvcc is), not a GPU.
 */
class ArmNeuronsOnHostTest {
  private static final Path REPO = Path.of(System.getProperty("sqlscore.repo", ".."));
  private static final Path SHARED = Path.of(System.getProperty("sqlscore.shared", "../../shared"));

  @BeforeAll
  static void needsTheLibrary() {
    NativeLibrary library = NativeLibrary.get();
    assumeTrue(library.loaded(), () -> "skipped: the native GPU library is not loaded (" + library.reason() + ")");
  }

  static Stream<Arguments> cases() throws URISyntaxException {
    Path vectors = Path.of(ArmNeuronsOnHostTest.class.getResource("/testvectors").toURI());
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String name : new String[] {"armnet_alpha1.0_softmax", "armnet_alpha1.7_small", "armnet_alpha2.0_sparsemax",
        "armnet_plus", "armnet_plus_odd_e7_f11", "armnet_value_clamp"}) {
      cases.add(Arguments.of(name, vectors.resolve(name), null));
    }
    cases.add(Arguments.of("adult-armnet_plus", REPO.resolve("sql-examples/models/adult-armnet_plus"), null));
    cases.add(Arguments.of("adult-armnet", REPO.resolve("sql-examples/examples/packages/adult-armnet"), null));
    Path frappeRows = SHARED.resolve("data/frappe/test.libsvm");
    cases.add(Arguments.of("frappe-armnet", SHARED.resolve("models/frappe-armnet"), frappeRows));
    cases.add(Arguments.of("frappe-armnet_plus", SHARED.resolve("models/frappe-armnet_plus"), frappeRows));
    return cases.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gatesWeightsAndNeuronsAreBitwiseTheCpus(String name, Path dir, Path libsvm) {
    assumeTrue(Files.isDirectory(dir), () -> "skipped: " + dir + " is absent (Frappe lives in ../shared only)");
    ModelPackage pkg = ModelPackage.open(dir);
    ModelConfig config = pkg.config();
    FeatureBatch batch = rows(dir, config, libsvm);
    int rows = batch.rows();
    int fields = config.nfield();
    int emb = config.nemb();
    ArmParameters p = ArmParameters.of(config, pkg.weights());
    int neurons = p.neurons();
    float[] gates = new float[rows * fields * neurons];
    float[] weights = new float[gates.length];
    float[] hidden = new float[rows * neurons * emb];
    float[] table = pkg.weights().floats("embedding.embedding.weight");
    NativeGpu.armNeuronsOnHost(rows, fields, emb, neurons, p.power(), p.am1(), p.exponent(), p.tauHiOffset(),
        p.scale(), batch.ids(), batch.values(), table, p.scoreMatrix(), p.fieldValues(), p.bnScale(), p.bnShift(),
        gates, weights, hidden);

    try (CompiledModel cpu = new CpuBackend().compile(pkg)) {
      ForwardResult expected = cpu.forward(batch, Outputs.of(Output.GATES, Output.INTERACTION_WEIGHTS));
      ArmLayout cpuLayout = expected.armLayout();
      ArmLayout hostLayout = ArmLayout.fieldMajor(fields, neurons);
      float[] cpuGates = expected.gatesAsLaidOut();
      float[] cpuWeights = expected.interactionWeightsAsLaidOut();
      SafeTensors w = pkg.weights();
      ExponentialNeurons exponential = new ExponentialNeurons(fields, emb, neurons, w.floats("arm_bn.weight"),
          w.floats("arm_bn.bias"), w.floats("arm_bn.running_mean"), w.floats("arm_bn.running_var"));
      int stride = exponential.stride();
      ExponentialNeurons.Workspace work = exponential.newWorkspace();
      float[] rowWeights = new float[fields * stride];
      float[] rowEmb = new float[fields * emb];
      float[] rowHidden = new float[emb * stride];
      int mismatches = 0;
      String first = null;
      for (int b = 0; b < rows; b++) {
        for (int n = 0; n < neurons; n++) {
          for (int f = 0; f < fields; f++) {
            int host = hostLayout.at(b, n, f);
            int at = cpuLayout.at(b, n, f);
            if (bits(gates[host]) != bits(cpuGates[at]) || bits(weights[host]) != bits(cpuWeights[at])) {
              mismatches++;
              first = first != null ? first : String.format("row %d neuron %d field %d: gate %s vs CPU %s, weight %s"
                  + " vs CPU %s", b, n, f, gates[host], cpuGates[at], weights[host], cpuWeights[at]);
            }
            rowWeights[f * stride + n] = cpuWeights[at];
          }
        }
        embed(batch, b, table, emb, rowEmb);
        exponential.apply(rowWeights, rowEmb, 0, rowHidden, 0, work);
        for (int n = 0; n < neurons; n++) {
          for (int j = 0; j < emb; j++) {
            float host = hidden[(b * neurons + n) * emb + j];
            if (bits(host) != bits(rowHidden[j * stride + n])) {
              mismatches++;
              first = first != null ? first : String.format("row %d neuron %d output %d: %s vs CPU %s", b, n, j,
                  host, rowHidden[j * stride + n]);
            }
          }
        }
      }
      assertEquals(0, mismatches, name + ": values that differ from the CPU's bits; first: " + first);
    }
  }

  private static int bits(float value) {
    return Float.floatToRawIntBits(value);
  }

  /** Row b's clamped embeddings [F, E], as EmbeddingTable computes them. */
  private static void embed(FeatureBatch batch, int b, float[] table, int emb, float[] out) {
    int fields = batch.fields();
    for (int f = 0; f < fields; f++) {
      float v = Math.min(Math.max(batch.values()[b * fields + f], 0.001f), 1.0f);
      int id = batch.ids()[b * fields + f];
      for (int j = 0; j < emb; j++) {
        out[f * emb + j] = table[id * emb + j] * v;
      }
    }
  }

  /** The case's inputs: a test vector's, up to 1,000 Frappe test rows, or 500 random rows. */
  private static FeatureBatch rows(Path dir, ModelConfig config, Path libsvm) {
    if (Files.isRegularFile(dir.resolve("inputs.safetensors"))) {
      SafeTensors inputs = SafeTensors.open(dir.resolve("inputs.safetensors"));
      long[] shape = inputs.info("ids").shape();
      return new FeatureBatch((int) shape[0], (int) shape[1], inputs.ints("ids"), inputs.floats("values"));
    }
    if (libsvm != null) {
      FeatureBatch all = LibsvmReader.read(libsvm, config.nfield()).batch();
      return all.slice(0, Math.min(1000, all.rows()));
    }
    Random random = new Random(7);
    int rows = 500;
    int[] ids = new int[rows * config.nfield()];
    float[] values = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(config.nfeat());
      values[i] = random.nextFloat() * 2f - 0.5f;
    }
    return new FeatureBatch(rows, config.nfield(), ids, values);
  }
}

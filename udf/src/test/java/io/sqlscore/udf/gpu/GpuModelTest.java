package io.sqlscore.udf.gpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import io.sqlscore.udf.PendingForward;
import io.sqlscore.udf.Parity;
import io.sqlscore.udf.cpu.CpuBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GPU backend against the CPU backend on random rows (tag {@code gpu}; skipped without a GPU). */
@Tag("gpu")
class GpuModelTest {
  private static final Path MODELS = Path.of(System.getProperty("sqlscore.repo", ".."), "sql-examples/models");
  private static final double TOL = 1e-5;

  private final GpuBackend gpu = new GpuBackend();

  @BeforeEach
  void needsAGpu() {
    assumeTrue(gpu.isAvailable(), () -> "skipped: no GPU here (" + gpu.unavailableReason() + ")");
  }

  /** Random in-range ids and values in [-0.5, 1.5] (ARM-Net clamps, AutoInt does not). */
  private static FeatureBatch randomBatch(int rows, int fields, int nfeat, long seed) {
    Random random = new Random(seed);
    int[] ids = new int[rows * fields];
    float[] values = new float[rows * fields];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(nfeat);
      values[i] = random.nextFloat() * 2f - 0.5f;
    }
    return new FeatureBatch(rows, fields, ids, values);
  }

  private static float[] toFloats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void agreesWithTheCpuOnEveryOutput(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    // More rows than one chunk, so that both streams of a call and the chunk seams are used.
    FeatureBatch batch = randomBatch(40_000, pkg.config().nfield(), pkg.config().nfeat(), 11);
    try (CompiledModel cpu = new CpuBackend().compile(pkg);
        CompiledModel model = gpu.compile(pkg)) {
      ForwardResult expected = cpu.forward(batch, Outputs.ALL);
      ForwardResult got = model.forward(batch, Outputs.ALL);
      Parity.assertClose(name + " logits", toFloats(expected.logits()), got.logits(), TOL);
      Parity.assertClose(name + " scores", toFloats(expected.scores()), got.scores(), TOL);
      if (pkg.config().kind().isArmNet()) {
        Parity.assertClose(name + " gates", expected.gates(), got.gates(), TOL);
        Parity.assertClose(name + " interaction weights", expected.interactionWeights(), got.interactionWeights(), TOL);
      } else {
        for (int l = 0; l < expected.attentionLayers(); l++) {
          Parity.assertClose(name + " attention " + l, expected.attention(l), got.attention(l), TOL);
        }
      }
      assertArrayEquals(got.logits(), model.forward(batch, Outputs.NONE).logits(),
          name + ": logits must not depend on the outputs asked for");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void eightCallersShareOneModel(String name) throws Exception {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (CompiledModel model = gpu.compile(pkg)) {
      List<FeatureBatch> batches = new ArrayList<>();
      List<ForwardResult> alone = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        batches.add(randomBatch(1000 + 997 * t, pkg.config().nfield(), pkg.config().nfeat(), t));
        alone.add(model.forward(batches.get(t), Outputs.NONE));
      }
      List<Future<ForwardResult>> together = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        FeatureBatch batch = batches.get(t);
        together.add(callers.submit(() -> model.forward(batch, Outputs.NONE)));
      }
      for (int t = 0; t < 8; t++) {
        assertArrayEquals(alone.get(t).logits(), together.get(t).get().logits(), name + " caller " + t);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void aBadIdIsReportedLikeTheCpuReportsIt(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch batch = randomBatch(30_000, pkg.config().nfield(), pkg.config().nfeat(), 5);
    batch.ids()[20_000 * pkg.config().nfield() + 3] = pkg.config().nfeat();
    batch.ids()[25_000 * pkg.config().nfield() + 1] = -1;
    try (CompiledModel cpu = new CpuBackend().compile(pkg);
        CompiledModel model = gpu.compile(pkg)) {
      SqlscoreException expected = assertThrows(SqlscoreException.class, () -> cpu.forward(batch, Outputs.NONE));
      SqlscoreException got = assertThrows(SqlscoreException.class, () -> model.forward(batch, Outputs.NONE));
      assertEquals(ErrorCode.BAD_FEATURE_VALUE, got.code());
      assertEquals(expected.getMessage(), got.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void pipelinedPassesEqualTheSynchronousOnes(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    try (CompiledModel model = gpu.compile(pkg)) {
      assertTrue(model.scoresInBackground(), "pipelining is on by default");
      List<FeatureBatch> batches = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        batches.add(randomBatch(i == 11 ? 777 : 4096, pkg.config().nfield(), pkg.config().nfeat(), 100 + i));
      }
      // Batch i+1 is queued before batch i is collected, as a scan does.
      PendingForward previous = null;
      for (int i = 0; i <= batches.size(); i++) {
        PendingForward next = i < batches.size() ? model.submit(batches.get(i), Outputs.ALL) : null;
        if (previous != null) {
          ForwardResult got = previous.await();
          previous.close();
          ForwardResult expected = model.forward(batches.get(i - 1), Outputs.ALL);
          assertArrayEquals(expected.logits(), got.logits(), name + " batch " + (i - 1));
          if (pkg.config().kind().isArmNet()) {
            assertArrayEquals(expected.gatesAsLaidOut(), got.gatesAsLaidOut(), name + " gates " + (i - 1));
          } else {
            assertArrayEquals(expected.attention(0), got.attention(0), name + " attention " + (i - 1));
          }
        }
        previous = next;
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-armnet"})
  void gatesAndWeightsAreBitwiseTheCpus(String name) {
    Path dir = name.equals("adult-armnet") ? MODELS.resolveSibling("examples/packages/adult-armnet") : MODELS.resolve(name);
    ModelPackage pkg = ModelPackage.open(dir);
    FeatureBatch batch = randomBatch(5000, pkg.config().nfield(), pkg.config().nfeat(), 3);
    Outputs explained = Outputs.of(Output.GATES, Output.INTERACTION_WEIGHTS);
    try (CompiledModel cpu = new CpuBackend().compile(pkg);
        CompiledModel model = gpu.compile(pkg)) {
      ForwardResult expected = cpu.forward(batch, explained);
      for (ForwardResult got : new ForwardResult[] {model.forward(batch, explained), model.submit(batch, explained).await()}) {
        assertArrayEquals(expected.gates(), got.gates(), name + ": gates must be the CPU's bits");
        assertArrayEquals(expected.interactionWeights(), got.interactionWeights(), name + ": weights must be the CPU's");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus"})
  void aSubmittedBadIdIsReportedAndAClosedPassFreesItsSlot(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch bad = randomBatch(3000, pkg.config().nfield(), pkg.config().nfeat(), 9);
    bad.ids()[2000 * pkg.config().nfield() + 2] = -5;
    FeatureBatch good = randomBatch(3000, pkg.config().nfield(), pkg.config().nfeat(), 10);
    try (CompiledModel cpu = new CpuBackend().compile(pkg);
        CompiledModel model = gpu.compile(pkg)) {
      SqlscoreException expected = assertThrows(SqlscoreException.class, () -> cpu.forward(bad, Outputs.NONE));
      PendingForward pass = model.submit(bad, Outputs.NONE);
      SqlscoreException got = assertThrows(SqlscoreException.class, pass::await);
      assertEquals(expected.getMessage(), got.getMessage());
      pass.close();
      model.submit(good, Outputs.NONE).close();
      try (PendingForward again = model.submit(good, Outputs.NONE)) {
        assertArrayEquals(model.forward(good, Outputs.NONE).logits(), again.await().logits());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus"})
  void pipeliningOffRunsTheSynchronousPath(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    String before = System.getProperty(GpuModel.PIPELINE_PROPERTY);
    System.setProperty(GpuModel.PIPELINE_PROPERTY, "false");
    try (CompiledModel model = gpu.compile(pkg)) {
      assertFalse(model.scoresInBackground());
      FeatureBatch batch = randomBatch(100, pkg.config().nfield(), pkg.config().nfeat(), 4);
      assertArrayEquals(model.forward(batch, Outputs.NONE).logits(), model.submit(batch, Outputs.NONE).await().logits());
    } finally {
      if (before == null) {
        System.clearProperty(GpuModel.PIPELINE_PROPERTY);
      } else {
        System.setProperty(GpuModel.PIPELINE_PROPERTY, before);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus"})
  void aClosedModelRefusesToScore(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    CompiledModel model = gpu.compile(pkg);
    model.close();
    model.close();
    SqlscoreException e = assertThrows(SqlscoreException.class,
        () -> model.forward(randomBatch(4, pkg.config().nfield(), pkg.config().nfeat(), 1), Outputs.NONE));
    assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
  }
}

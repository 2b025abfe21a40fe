package io.sqlscore.udf.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelPackage;
import io.sqlscore.udf.BatchRunner;
import io.sqlscore.udf.CompiledModel;
import io.sqlscore.udf.FeatureBatch;
import io.sqlscore.udf.ForwardResult;
import io.sqlscore.udf.Output;
import io.sqlscore.udf.Outputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One compiled model shared by 8 threads gives exactly the single-thread results, and a row's
 * result does not depend on the batch it is scored in or on the thread count.
 */
class DeterminismTest {
  private static final Path MODELS = Path.of(System.getProperty("sqlscore.repo", ".."), "sql-examples/models");

  /** Random in-range ids and values in [-0.5, 1.5] (ARM-Net clamps, AutoInt does not). */
  static FeatureBatch randomBatch(int rows, int fields, int nfeat, long seed) {
    Random random = new Random(seed);
    int[] ids = new int[rows * fields];
    float[] values = new float[rows * fields];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = random.nextInt(nfeat);
      values[i] = random.nextFloat() * 2f - 0.5f;
    }
    return new FeatureBatch(rows, fields, ids, values);
  }

  private static void assertSame(ForwardResult expected, ForwardResult got, String what) {
    assertArrayEquals(expected.logits(), got.logits(), what + " logits");
    assertArrayEquals(expected.scores(), got.scores(), what + " scores");
    assertArrayEquals(expected.gates(), got.gates(), what + " gates");
    assertArrayEquals(expected.interactionWeights(), got.interactionWeights(), what + " interaction weights");
    assertArrayEquals(expected.crossFeatureOrder(), got.crossFeatureOrder(), what + " cross-feature order");
    for (int l = 0; l < expected.attentionLayers(); l++) {
      assertArrayEquals(expected.attention(l), got.attention(l), what + " attention " + l);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void eightThreadsShareOneModel(String name) throws Exception {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch batch = randomBatch(1500, pkg.config().nfield(), pkg.config().nfeat(), 7);
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (CompiledModel model = new CpuBackend().compile(pkg);
        BatchRunner runner = new BatchRunner()) {
      ForwardResult single = model.forward(batch, Outputs.ALL);
      List<Future<ForwardResult>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int threads = 1 + t % 4;
        futures.add(callers.submit(() -> runner.forward(model, batch, Outputs.ALL, threads)));
      }
      for (int t = 0; t < futures.size(); t++) {
        assertSame(single, futures.get(t).get(), name + " caller " + t);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void rowsDoNotDependOnTheirBatch(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch batch = randomBatch(150, pkg.config().nfield(), pkg.config().nfeat(), 11);
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult whole = model.forward(batch, Outputs.ALL);
      for (int size : new int[] {1, 7, 64, 65}) {
        List<ForwardResult> parts = new ArrayList<>();
        for (int from = 0; from < batch.rows(); from += size) {
          parts.add(model.forward(batch.slice(from, Math.min(batch.rows(), from + size)), Outputs.ALL));
        }
        assertSame(whole, ForwardResult.concat(parts), name + " in batches of " + size);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void aSpentResultsOutputArraysAreTakenOverAndFullyOverwritten(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch first = randomBatch(64, pkg.config().nfield(), pkg.config().nfeat(), 21);
    FeatureBatch second = randomBatch(64, pkg.config().nfield(), pkg.config().nfeat(), 22);
    FeatureBatch shorter = randomBatch(9, pkg.config().nfield(), pkg.config().nfeat(), 23);
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult expected = model.forward(second, Outputs.ALL);
      ForwardResult spent = model.forward(first, Outputs.ALL);
      float[] heldArray = pkg.config().kind().isArmNet() ? spent.gatesAsLaidOut() : spent.attention(0);
      ForwardResult reused = model.forward(second, Outputs.ALL, spent);
      assertSame(expected, reused, name + " over a spent result");
      assertTrue(heldArray == (pkg.config().kind().isArmNet() ? reused.gatesAsLaidOut() : reused.attention(0)),
          "the spent array was taken over");
      assertTrue(spent.scores() != reused.scores(), "scores are never reused");
      assertSame(model.forward(shorter, Outputs.ALL), model.forward(shorter, Outputs.ALL, reused),
          name + " over a spent result of another length");
      assertSame(model.forward(second, Outputs.NONE), model.forward(second, Outputs.NONE, reused), name + " no outputs");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void resultsDoNotChangeOnceTheKernelsAreJitCompiled(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch batch = randomBatch(100, pkg.config().nfield(), pkg.config().nfeat(), 5);
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult cold = model.forward(batch, Outputs.ALL);
      FeatureBatch warmUp = randomBatch(1000, pkg.config().nfield(), pkg.config().nfeat(), 6);
      for (int i = 0; i < 20; i++) {
        model.forward(warmUp, Outputs.ALL);
      }
      assertSame(cold, model.forward(batch, Outputs.ALL), name + " after warm-up");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void onlyTheOutputsAskedForAreComputed(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    FeatureBatch batch = randomBatch(20, pkg.config().nfield(), pkg.config().nfeat(), 9);
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      ForwardResult all = model.forward(batch, Outputs.ALL);
      ForwardResult order = model.forward(batch, Outputs.of(Output.CROSS_FEATURE_ORDER));
      assertNull(order.gates());
      assertNull(order.interactionWeights());
      assertEquals(0, order.attentionLayers());
      assertArrayEquals(all.crossFeatureOrder(), order.crossFeatureOrder());
      ForwardResult none = model.forward(batch, Outputs.NONE);
      assertNull(none.crossFeatureOrder());
      assertEquals(pkg.config().kind().isArmNet() ? 0 : pkg.config().attnDims().length, all.attentionLayers());
      assertArrayEquals(all.logits(), none.logits());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"adult-armnet_plus", "adult-autoint_plus"})
  void batchesThatDoNotFitAreRefused(String name) {
    ModelPackage pkg = ModelPackage.open(MODELS.resolve(name));
    try (CompiledModel model = new CpuBackend().compile(pkg)) {
      FeatureBatch narrow = randomBatch(2, 3, 10, 1);
      SqlscoreException e = assertThrows(SqlscoreException.class, () -> model.forward(narrow, Outputs.NONE));
      assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
      FeatureBatch batch = randomBatch(4, pkg.config().nfield(), pkg.config().nfeat(), 3);
      batch.ids()[2 * pkg.config().nfield() + 5] = pkg.config().nfeat();
      e = assertThrows(SqlscoreException.class, () -> model.forward(batch, Outputs.NONE));
      assertEquals(ErrorCode.BAD_FEATURE_VALUE, e.code());
      assertTrue(e.getMessage().contains("row 3, field 5: feature id 112 is outside [0, 112)"), e.getMessage());
      assertTrue(model.memoryBytes() > pkg.weights().floatView("embedding.embedding.weight").remaining() * 4L);
    }
  }
}

package io.sqlscore.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.udf.FeatureBatch;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime running a model's ONNX export on the same encoded rows as the CPU kernels: the
 * peer of {@code bench-kernel --peer onnx}. The exports ({@code ../shared/models/ONNX.md}) take
 * {@code ids} int64 {@code [B, F]} and {@code vals} float32 {@code [B, F]} and return
 * {@code logits} {@code [B]}. The session runs with {@code threads} intra-op threads, one
 * inter-op thread and every graph optimization (and optionally without spinning: on a shared,
 * oversubscribed machine threads spinning at ONNX Runtime's many per-operator barriers take the
 * cores from the threads with work); input tensors are made before timing, as the
 * kernels' encoding is not timed either. A benchmark peer only, never on the scoring path.
 */
final class OnnxPeer implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final Path model;
  private final OrtSession session;
  private final List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
  private final List<Integer> rows = new ArrayList<>();

  /**
   * Opens {@code model} for runs on {@code threads} threads, which spin while they wait for work
   * (ONNX Runtime's default) or, without {@code spinning}, sleep.
   */
  OnnxPeer(Path model, int threads, boolean spinning) {
    this.model = model;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (!spinning) {
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
      }
      this.session = env.createSession(model.toString(), options);
    } catch (OrtException e) {
      throw SqlscoreException.of(
          ErrorCode.INVALID_ARGUMENT, "ONNX Runtime cannot load %s: %s", model, e.getMessage());
    }
  }

  /** Makes the input tensors of {@code batches}, replacing those of earlier batches. */
  void prepare(List<FeatureBatch> batches) {
    closeInputs();
    for (FeatureBatch batch : batches) {
      long[] shape = {batch.rows(), batch.fields()};
      long[] ids = new long[batch.rows() * batch.fields()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = batch.ids()[i];
      }
      try {
        OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor valTensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.values()), shape);
        inputs.add(Map.of("ids", idTensor, "vals", valTensor));
        rows.add(batch.rows());
      } catch (OrtException e) {
        throw failure(e);
      }
    }
  }

  /** The logits ONNX Runtime gives for prepared batch {@code index}. */
  float[] logits(int index) {
    try (OrtSession.Result result = session.run(inputs.get(index))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] logits = new float[out.remaining()];
      out.get(logits);
      return logits;
    } catch (OrtException e) {
      throw failure(e);
    }
  }

  /**
   * Runs consecutive prepared batches, reading each output, for about {@code limit} seconds;
   * returns rows per second (as {@link KernelThroughput#runFor} does for the kernels).
   */
  double runFor(double limit) {
    return KernelThroughput.rowsPerSecond(inputs.size(), limit, b -> {
      try (OrtSession.Result result = session.run(inputs.get(b))) {
        ((OnnxTensor) result.get(0)).getFloatBuffer();
      } catch (OrtException e) {
        throw failure(e);
      }
      return rows.get(b);
    });
  }

  private SqlscoreException failure(OrtException e) {
    return new SqlscoreException(
        ErrorCode.INTERNAL_ERROR, "ONNX Runtime failed on " + model + ": " + e.getMessage(), e);
  }

  private void closeInputs() {
    for (Map<String, OnnxTensor> input : inputs) {
      input.values().forEach(OnnxTensor::close);
    }
    inputs.clear();
    rows.clear();
  }

  @Override
  public void close() {
    closeInputs();
    try {
      session.close();
    } catch (OrtException e) {
      throw failure(e);
    }
  }
}

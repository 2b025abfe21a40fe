package io.sqlscore.train.nn;

import io.sqlscore.error.ErrorCode;
import io.sqlscore.error.SqlscoreException;
import io.sqlscore.model.ModelConfig;
import io.sqlscore.model.TensorSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every tensor of a model in {@link TensorSchema} order, plus the BatchNorm step counters
 * ({@code num_batches_tracked}), initialised as the official PyTorch modules initialise them.
 *
 * <p>Initialisation (one {@link SplittableRandom} seeded with the run's seed, tensors in schema
 * order): embedding tables Xavier-uniform; ARM-Net's {@code bilinear_w}, {@code query} and
 * {@code values} Xavier-uniform with gain 1.414 (fans as PyTorch computes them for 3-D tensors);
 * Linear weights and biases uniform in ±1/sqrt(fan_in) (PyTorch's default); BatchNorm and
 * LayerNorm weight 1, bias 0, running mean 0, running variance 1; the ARM-Net+ ensemble layer
 * weight 0.5 and bias 0.
 */
public final class Parameters {
  private static final String RUNNING_MEAN = ".running_mean";
  private static final String RUNNING_VAR = ".running_var";

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private final Map<String, long[]> batchesTracked = new LinkedHashMap<>();

  private Parameters() {}

  /** Freshly initialised tensors for {@code config}, drawn from {@code seed}. */
  public static Parameters initial(ModelConfig config, long seed) {
    Parameters p = new Parameters();
    SplittableRandom random = new SplittableRandom(seed);
    for (Map.Entry<String, long[]> entry : TensorSchema.of(config).shapes().entrySet()) {
      String name = entry.getKey();
      int[] shape = new int[entry.getValue().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = Math.toIntExact(entry.getValue()[i]);
      }
      boolean buffer = name.endsWith(RUNNING_MEAN) || name.endsWith(RUNNING_VAR);
      Tensor tensor = new Tensor(name, shape, !buffer);
      p.initialise(tensor, random);
      p.tensors.put(name, tensor);
      if (name.endsWith(RUNNING_MEAN)) {
        p.batchesTracked.put(name.substring(0, name.length() - RUNNING_MEAN.length()), new long[1]);
      }
    }
    return p;
  }

  private void initialise(Tensor t, SplittableRandom random) {
    String name = t.name();
    int[] shape = t.shape();
    float[] data = t.data();
    if (name.endsWith(RUNNING_VAR) || name.equals("ensemble_layer.weight")) {
      java.util.Arrays.fill(data, name.endsWith(RUNNING_VAR) ? 1f : 0.5f);
    } else if (name.endsWith(RUNNING_MEAN) || name.equals("ensemble_layer.bias")) {
      java.util.Arrays.fill(data, 0f);
    } else if (name.startsWith("attn_layer.")) {
      int receptive = shape[2];
      uniform(data, random, 1.414 * Math.sqrt(6.0 / (shape[1] * receptive + shape[0] * receptive)));
    } else if (name.endsWith("embedding.weight")) {
      uniform(data, random, Math.sqrt(6.0 / (shape[0] + shape[1])));
    } else if (isNorm(name)) {
      java.util.Arrays.fill(data, name.endsWith(".weight") ? 1f : 0f);
    } else if (name.endsWith(".weight")) {
      uniform(data, random, 1.0 / Math.sqrt(shape[1]));
    } else if (name.endsWith(".bias")) {
      String weight = name.substring(0, name.length() - ".bias".length()) + ".weight";
      uniform(data, random, 1.0 / Math.sqrt(get(weight).shape()[1]));
    } else {
      throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR, "no initialisation rule for tensor %s", name);
    }
  }

  /** BatchNorm modules sit at odd Sequential indices of an MLP; LayerNorm is named so. */
  private static boolean isNorm(String name) {
    if (name.contains("layer_norm.") || name.startsWith("arm_bn.")) {
      return true;
    }
    String[] parts = name.split("\\.");
    return parts.length >= 2 && parts[parts.length - 2].chars().allMatch(Character::isDigit)
        && Integer.parseInt(parts[parts.length - 2]) % 4 == 1;
  }

  private static void uniform(float[] data, SplittableRandom random, double bound) {
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
  }

  /** The tensor named {@code name}. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw SqlscoreException.of(ErrorCode.INTERNAL_ERROR, "model has no tensor %s", name);
    }
    return t;
  }

  /** All tensors in schema order (unmodifiable). */
  public Map<String, Tensor> all() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The trainable tensors in schema order. */
  public List<Tensor> trainable() {
    List<Tensor> list = new ArrayList<>();
    for (Tensor t : tensors.values()) {
      if (t.trainable()) {
        list.add(t);
      }
    }
    return list;
  }

  /** The step counter of the BatchNorm module {@code prefix} (a one-element array, live). */
  public long[] batchesTracked(String prefix) {
    return batchesTracked.get(prefix);
  }

  /** BatchNorm prefixes and their step counters, in schema order (unmodifiable). */
  public Map<String, long[]> allBatchesTracked() {
    return Collections.unmodifiableMap(batchesTracked);
  }

  /** Sets every gradient to zero. */
  public void zeroGradients() {
    for (Tensor t : tensors.values()) {
      if (t.trainable()) {
        java.util.Arrays.fill(t.grad(), 0f);
      }
    }
  }
}

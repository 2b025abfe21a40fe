package io.sqlscore.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The F32 tensors a model kind needs and the shapes its config implies (the tables of
 * MODELS.md sections 4 to 7), plus the BatchNorm modules whose optional
 * {@code num_batches_tracked} counters a package may carry.
 */
public final class TensorSchema {
  /** Suffix of the BatchNorm step counters that inference ignores. */
  public static final String BATCHES_TRACKED = ".num_batches_tracked";

  private final Map<String, long[]> shapes = new LinkedHashMap<>();
  private final Set<String> batchNorms = new LinkedHashSet<>();

  private TensorSchema() {}

  /** The schema of {@code config}'s kind and hyperparameters. */
  public static TensorSchema of(ModelConfig config) {
    TensorSchema schema = new TensorSchema();
    int f = config.nfield();
    int n = config.nfeat();
    int e = config.nemb();
    int k = config.nhead();
    schema.put("embedding.embedding.weight", n, e);
    if (config.kind().isArmNet()) {
      int o = config.nhid();
      schema.put("attn_layer.bilinear_w", k, e, e);
      schema.put("attn_layer.query", k, o, e);
      schema.put("attn_layer.values", k, o, f);
      schema.batchNorm("arm_bn", (long) k * o);
      schema.mlp("mlp", (long) k * o * e, config.mlpLayers(), config.mlpHidden());
      if (config.kind().hasDeepBranch()) {
        schema.put("deep_embedding.embedding.weight", n, e);
        schema.put("ensemble_layer.weight", 1, 2);
        schema.put("ensemble_layer.bias", 1);
      }
    } else {
      long in = e;
      int[] dims = config.attnDims();
      for (int l = 0; l < dims.length; l++) {
        String prefix = "attn_layers." + l + ".";
        for (String linear : new String[] {"W_q", "W_k", "W_v", "W_res"}) {
          schema.linear(prefix + linear, dims[l], in);
        }
        schema.put(prefix + "layer_norm.weight", dims[l]);
        schema.put(prefix + "layer_norm.bias", dims[l]);
        in = dims[l];
      }
      schema.linear("attn_fc", 1, f * in);
    }
    if (config.kind().hasDeepBranch()) {
      schema.mlp("deep_mlp", (long) f * e, config.deepLayers(), config.deepHidden());
    }
    return schema;
  }

  private void put(String name, long... shape) {
    shapes.put(name, shape);
  }

  private void linear(String prefix, long out, long in) {
    put(prefix + ".weight", out, in);
    put(prefix + ".bias", out);
  }

  private void batchNorm(String prefix, long channels) {
    for (String part : new String[] {"weight", "bias", "running_mean", "running_var"}) {
      put(prefix + "." + part, channels);
    }
    batchNorms.add(prefix);
  }

  private void mlp(String prefix, long in, int layers, int hidden) {
    long width = in;
    for (int i = 0; i < layers; i++) {
      linear(prefix + ".mlp." + (4 * i), hidden, width);
      batchNorm(prefix + ".mlp." + (4 * i + 1), hidden);
      width = hidden;
    }
    linear(prefix + ".mlp." + (4 * layers), 1, width);
  }

  /** Required tensor names and their shapes, in a stable order (unmodifiable; do not mutate). */
  public Map<String, long[]> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  /** True when {@code name} is the ignorable step counter of one of this schema's BatchNorms. */
  public boolean isBatchesTracked(String name) {
    return name.endsWith(BATCHES_TRACKED)
        && batchNorms.contains(name.substring(0, name.length() - BATCHES_TRACKED.length()));
  }
}

package io.sqlscore.udf.gpu;

/**
 * The entry points of {@code libsqlscore_gpu.so} (udf/src/main/native/jni_bridge.cpp). Native
 * failures arrive as {@link io.sqlscore.error.SqlscoreException}s whose message starts with
 * {@code GPU:}. Callers must have loaded the library through {@link NativeLibrary} first.
 *
 * <p>A model is built by {@link #create}, then the setters, then {@link #finish}; the handle is
 * then used by {@link #forward} and {@link #submit} from any number of threads until
 * {@link #destroy}, which must not run while a call or a submitted batch is outstanding.
 */
final class NativeGpu {
  /** Branch index of the main (ARM or attention) branch. */
  static final int MAIN = 0;
  /** Branch index of the deep (DNN) branch of ARM-Net+ and AutoInt+. */
  static final int DEEP = 1;

  /** Gate power of the entmax bisection: the identity (alpha = 2). */
  static final int POWER_IDENTITY = 0;
  /** Gate power: a square (alpha = 1.5). */
  static final int POWER_SQUARE = 1;
  /** Gate power: powf with exponent 1/(alpha − 1). */
  static final int POWER_POW = 2;
  /** Softmax gates (alpha = 1). */
  static final int POWER_SOFTMAX = 3;

  private NativeGpu() {}

  /** Empty when a CUDA device of compute capability 8.0 or newer can be used, else why not. */
  static native String probe();

  /** The device's name, compute capability, memory and multiprocessor count. */
  static native String deviceName();

  /** What GEMMs run on: cuBLAS (with its file) or the library's own SGEMM kernels (and why). */
  static native String gemmPath();

  /** A new empty model; kind 0..3 = armnet, armnet_plus, autoint, autoint_plus. */
  static native long create(int kind, int fields, int nfeat, int emb, boolean binary);

  /** An embedding table [nfeat, nemb] of a branch. */
  static native void setEmbedding(long model, int branch, float[] table);

  /**
   * ARM-Net's attention and exponential neurons: the score matrix [E, K·O], attn_layer.values
   * [K·O, F], arm_bn as scale and shift [K·O], and the entmax constants.
   */
  static native void setArm(long model, int neurons, int power, float am1, float exponent, float tauHiOffset,
      float scale, float[] scoreMatrix, float[] fieldValues, double[] bnScale, double[] bnShift);

  /** The next AutoInt interacting layer: projection [in, 4d] (W_q | W_k | W_v | W_res), bias [4d], LayerNorm [d]. */
  static native void addInteracting(long model, int in, int d, int heads, float[] weightT, float[] bias,
      float[] gamma, float[] beta);

  /** The next hidden layer of a branch (ReLU after it): weight [in, out], bias [out]. */
  static native void addDense(long model, int branch, int in, int out, float[] weightT, float[] bias);

  /** The last Linear(·, 1) of a branch. */
  static native void setHead(long model, int branch, float[] weight, float bias);

  /** ARM-Net+'s ensemble layer: logit = main · a + deep · d + bias. */
  static native void setMix(long model, float main, float deep, float bias);

  /** Checks that the model is complete; after this it only scores. */
  static native void finish(long model);

  /** Device bytes of the model's weights. */
  static native long memoryBytes(long model);

  /**
   * Scores {@code rows} rows of row-major ids and values [rows, F] into logits and scores
   * [rows], and into whichever optional arrays are not null: gates and weights
   * [rows, F, gateStride] (field-major, neurons padded with zeros to {@code gateStride}), order
   * [rows, K·O], attention per layer [rows, H, F, F].
   *
   * @return the first cell (row·F + field) whose id is outside [0, nfeat), or −1
   */
  static native int forward(long model, int rows, int[] ids, float[] values, double[] logits, double[] scores,
      int gateStride, float[] gates, float[] weights, int[] order, float[][] attention);

  /** The most rows {@link #submit} takes. */
  static native int chunkRows(long model);

  /**
   * Copies {@code rows} rows (1 to {@link #chunkRows}) into page-locked memory and queues their
   * forward pass on a stream of its own, with the optional outputs asked for; returns a ticket
   * that must go back through {@link #collect} or {@link #abandon}.
   */
  static native long submit(long model, int rows, int[] ids, float[] values, int gateStride, boolean gates,
      boolean weights, boolean order, boolean attention);

  /**
   * Waits for a submitted batch (one synchronisation) and copies its results into the arrays,
   * laid out as {@link #forward}'s; the ticket is spent, whatever happens.
   *
   * @return the first bad cell, or −1
   */
  static native int collect(long model, long ticket, double[] logits, double[] scores, float[] gates,
      float[] weights, int[] order, float[][] attention);

  /** Waits for a submitted batch and drops its results; the ticket is spent. */
  static native void abandon(long model, long ticket);

  /**
   * ARM-Net's front on the host, with the very code the kernels run (arm_math.h), for checking it
   * against the CPU backend on a machine without a GPU: for rows of ids and values [rows, F],
   * the gates and interaction weights [rows, F, K·O] and the exponential neurons after arm_bn
   * [rows, K·O, E]. Needs no device.
   */
  static native void armNeuronsOnHost(int rows, int fields, int emb, int neurons, int power, float am1,
      float exponent, float tauHiOffset, float scale, int[] ids, float[] values, float[] table, float[] scoreMatrix,
      float[] fieldValues, double[] bnScale, double[] bnShift, float[] gates, float[] weights, float[] hidden);

  /** Frees the model's device memory, streams and buffers. */
  static native void destroy(long model);
}

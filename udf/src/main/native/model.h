// A model whose weights live on the GPU, and its forward pass over batches of rows.
#pragma once

#include <cuda_runtime.h>

#include <memory>
#include <mutex>
#include <vector>

#include "common.h"
#include "gemm.h"
#include "kernels.h"

namespace sqlscore {

/** The model kinds, numbered as the Java side passes them. */
enum class ModelKind : int { ArmNet = 0, ArmNetPlus = 1, AutoInt = 2, AutoIntPlus = 3 };

/** The two branches of a model: the main one (ARM or attention) and the deep (DNN) one. */
enum Branch : int { kMain = 0, kDeep = 1 };

/** Which optional outputs a forward pass computes. */
struct Wanted {
  bool gates = false;
  bool weights = false;
  bool order = false;
  bool attention = false;
  int gateStride = 0;  // gates and weights are [rows, F, gateStride]; at least K·O
};

/** Host memory holding one chunk's outputs, as handed to BatchIo::writeOutputs. */
struct HostOutputs {
  const double* logits;
  const double* scores;
  int gateStride;           // of gates and weights
  const float* gates;       // [rows, F, gateStride] or null
  const float* weights;     // [rows, F, gateStride] or null
  const int* order;         // [rows, K·O] or null
  const float* attention;   // layer l at attention + l * attentionStride, [rows, H, F, F]; or null
  size_t attentionStride;
};

/** Where a forward pass reads its inputs and writes its outputs (the caller's arrays). */
class BatchIo {
 public:
  virtual ~BatchIo() = default;
  /** Copies ids and values of rows [first, first + rows) into the given host memory. */
  virtual void readInputs(int first, int rows, int* ids, float* values) = 0;
  /** Copies the outputs of rows [first, first + rows) from the given host memory. */
  virtual void writeOutputs(int first, int rows, const HostOutputs& outputs) = 0;
};

class Model;

/** A stream with its pinned and device buffers: one chunk of rows in flight. */
class Slot {
 public:
  explicit Slot(const Model& model);
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot();

  /** Copies rows [first, first + rows) in through {@code io} and enqueues their forward pass. */
  void start(int first, int rows, const Wanted& wanted, BatchIo& io);
  /** Waits for the chunk in flight, writes its outputs through {@code io}; returns its first bad cell or -1. */
  int finish(BatchIo& io);
  /** Waits for anything in flight and forgets it (after a failure). */
  void abandon();
  bool pending() const { return pending_; }

 private:
  void reserve(int rows, const Wanted& wanted);
  const float* runBranch(int branch, const float* x, int width, int rows, float* a, float* b, int* ld);
  void enqueueArmNet(int rows, const Wanted& wanted);
  void enqueueAutoInt(int rows, const Wanted& wanted);
  void enqueueHead(int rows, const float* main, int mainLd, const float* deep, int deepLd);

  const Model& model_;
  cudaStream_t stream_ = nullptr;
  std::unique_ptr<Gemm> gemm_;
  int capacity_ = 0;
  bool pending_ = false;
  int first_ = 0;
  int rows_ = 0;
  Wanted wanted_;

  PinnedArray<int> hostIds_;
  PinnedArray<float> hostValues_;
  PinnedArray<double> hostOut_;  // logits [capacity], then scores [capacity]
  PinnedArray<int> hostBad_;
  PinnedArray<float> hostGates_;
  PinnedArray<float> hostWeights_;
  PinnedArray<int> hostOrder_;
  PinnedArray<float> hostAttention_;

  DeviceArray<int> ids_;
  DeviceArray<float> values_;
  DeviceArray<double> out_;
  DeviceArray<int> bad_;
  DeviceArray<float> gates_;
  DeviceArray<float> weights_;
  DeviceArray<int> order_;
  DeviceArray<float> attention_;
  DeviceArray<float> firstLayer_;  // ARM-Net: hidden [rows, K·O·E]; AutoInt: embeddings [rows, F·E]
  DeviceArray<float> deepInput_;    // ARM-Net+: deep embeddings [rows, F·E]
  DeviceArray<float> projected_;    // AutoInt: [rows·F, 4d]
  DeviceArray<float> layerOut_[2];  // AutoInt: [rows·F, d]
  DeviceArray<float> tmp_[4];       // MLP activations: main uses 0 and 1, deep 2 and 3
};

/**
 * A batch submitted with Model::submit: its rows are on their way through the slot's stream,
 * and Model::collect waits for them (one synchronisation) and hands out the results.
 */
struct Ticket {
  std::unique_ptr<Slot> slot;
};

/** A stream pair: chunks alternate between its two slots so that copies overlap compute. */
struct Lane {
  explicit Lane(const Model& model) : slots{std::make_unique<Slot>(model), std::make_unique<Slot>(model)} {}
  std::unique_ptr<Slot> slots[2];
};

/** Idle lanes or slots of a model, reused by later calls; a new one is made when none is idle. */
template <typename T>
class Pool {
 public:
  std::unique_ptr<T> take(const Model& model) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        std::unique_ptr<T> item = std::move(idle_.back());
        idle_.pop_back();
        return item;
      }
    }
    return std::make_unique<T>(model);
  }

  void give(std::unique_ptr<T> item) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(item));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<T>> idle_;
};

/** Dense layer weights on the device: wt is [in, out] row-major. */
struct DenseWeights {
  int in = 0;
  int out = 0;
  DeviceArray<float> wt;
  DeviceArray<float> bias;
};

/** The hidden layers (Linear with BatchNorm folded in, then ReLU) and the last Linear(·, 1) of a branch. */
struct BranchWeights {
  std::vector<std::unique_ptr<DenseWeights>> hidden;
  DeviceArray<float> headWeight;
  float headBias = 0.f;
  int headIn = 0;
  bool hasHead = false;
};

struct ArmWeights {
  bool set = false;
  int neurons = 0;
  exact::GateConstants gate{};
  DeviceArray<float> scoreMatrix;
  DeviceArray<float> fieldValues;
  DeviceArray<double> bnScale;
  DeviceArray<double> bnShift;
};

struct InteractingWeights {
  int in = 0;
  int d = 0;
  int heads = 0;
  DenseWeights projection;  // [in, 4d]: W_q | W_k | W_v | W_res
  DeviceArray<float> gamma;
  DeviceArray<float> beta;
};

/** A model on the device. Thread-safe for concurrent forward passes; built once, then read-only. */
class Model {
 public:
  Model(ModelKind kind, int fields, int nfeat, int emb, bool binary);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  ~Model();

  // The setters upload one part of the weights each; sizes are checked against the model's.
  void setEmbedding(int branch, const std::vector<float>& table);
  void setArm(int neurons, GatePower power, float am1, float exponent, float tauHiOffset, float scale,
              const std::vector<float>& scoreMatrix, const std::vector<float>& fieldValues,
              const std::vector<double>& bnScale, const std::vector<double>& bnShift);
  void addInteracting(int in, int d, int heads, const std::vector<float>& wt, const std::vector<float>& bias,
                      const std::vector<float>& gamma, const std::vector<float>& beta);
  void addDense(int branch, int in, int out, const std::vector<float>& wt, const std::vector<float>& bias);
  void setHead(int branch, const std::vector<float>& weight, float bias);
  void setMix(float main, float deep, float bias);
  /** Checks that every part was set and that the sizes fit together. */
  void finish();

  size_t weightBytes() const { return weightBytes_; }
  int fields() const { return fields_; }
  int neurons() const { return arm_.neurons; }
  int attentionHeads() const { return layers_.empty() ? 0 : layers_[0]->heads; }
  int attentionLayers() const { return static_cast<int>(layers_.size()); }

  /** Scores {@code rows} rows; returns the first cell (row·F + field) whose id is out of range, or -1. */
  int forward(int rows, const Wanted& wanted, BatchIo& io);

  /** The most rows submit takes: one chunk, one slot, one stream. */
  int chunkRows() const { return chunkRows_; }

  /**
   * Copies {@code rows} rows (at most chunkRows) in through {@code io} and enqueues their forward
   * pass on a slot of their own, returning at once; the ticket must go back through collect or
   * abandon. Batches submitted one after the other overlap: the next one's copies and kernels
   * are enqueued while the previous one still runs.
   */
  std::unique_ptr<Ticket> submit(int rows, const Wanted& wanted, BatchIo& io);

  /** Waits for a submitted batch, writes its outputs through {@code io} and returns its first bad cell or -1. */
  int collect(std::unique_ptr<Ticket> ticket, BatchIo& io);

  /** Waits for a submitted batch whose results are not wanted (after a failure elsewhere). */
  void abandon(std::unique_ptr<Ticket> ticket);

 private:
  friend class Slot;
  bool isArmNet() const { return kind_ == ModelKind::ArmNet || kind_ == ModelKind::ArmNetPlus; }
  bool hasDeep() const { return kind_ == ModelKind::ArmNetPlus || kind_ == ModelKind::AutoIntPlus; }
  int widestHidden() const;
  int widestLayer() const;
  void checkWanted(const Wanted& wanted) const;

  ModelKind kind_;
  int fields_;
  int nfeat_;
  int emb_;
  bool binary_;
  int chunkRows_;
  bool finished_ = false;
  size_t weightBytes_ = 0;
  DeviceArray<float> embedding_;
  DeviceArray<float> deepEmbedding_;
  ArmWeights arm_;
  std::vector<std::unique_ptr<InteractingWeights>> layers_;
  BranchWeights branches_[2];
  Mix mix_ = Mix::Single;
  float mixMain_ = 1.f;
  float mixDeep_ = 1.f;
  float mixBias_ = 0.f;

  Pool<Lane> lanes_;  // forward: two slots per call
  Pool<Slot> slots_;  // submit: one slot per batch in flight
};

}  // namespace sqlscore

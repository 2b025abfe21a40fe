// The model-specific kernels of the forward passes (MODELS.md sections 2 to 7). GEMMs are in gemm.h.
#pragma once

#include <cuda_runtime.h>

#include "arm_math.h"

namespace sqlscore {

/** The largest field count the register-resident per-row kernels support. */
constexpr int kMaxFields = 64;

using exact::GatePower;

/** Inputs, parameters and outputs of the ARM-Net front kernel for one chunk of rows. */
struct ArmFrontArgs {
  int rows;
  int fields;      // F
  int emb;         // E
  int neurons;     // K·O
  int nfeat;       // N: ids outside [0, N) are reported through bad
  const int* ids;  // [rows, F]
  const float* values;
  const float* table;         // embedding [N, E]
  const float* deepTable;     // ARM-Net+ deep embedding [N, E], or null
  const float* scoreMatrix;   // [E, K·O]: Σ_y bilinear_w[k,x,y] · query[k,o,y]
  const float* fieldValues;   // attn_layer.values [K·O, F]
  const double* bnScale;      // arm_bn as an affine map [K·O]
  const double* bnShift;
  exact::GateConstants gate;  // power, E^-1/2, α − 1, 1/(α − 1), (1/F)^(α−1)
  float* hidden;              // [rows, K·O·E]: arm_bn(exp(...)), official flattening
  float* deep;                // [rows, F·E] clamped deep embeddings, or null
  int gateStride;             // row stride of a field in gates and weights: K·O padded (>= K·O)
  float* gates;               // [rows, F, gateStride] or null
  float* weights;             // [rows, F, gateStride] or null
  int* order;                 // [rows, K·O] or null
  int* bad;                   // min(row·F + field) over out-of-range ids
};

/** Launches the ARM-Net front: clamp, embeddings, bilinear scores, gates, exponential neurons, arm_bn. */
void launchArmFront(const ArmFrontArgs& args, cudaStream_t stream);

/** The unclamped embeddings of AutoInt, out[(row·F + f)·E + j]; out-of-range ids go to bad. */
void launchEmbed(int rows, int fields, int emb, int nfeat, const int* ids, const float* values, const float* table,
                 float* out, int* bad, cudaStream_t stream);

/**
 * One AutoInt interacting layer after its projection: projected is [rows·F, 4d] holding
 * ReLU(Q | K | V | residual); out is [rows·F, d] after attention, residual, ReLU and LayerNorm;
 * attention [rows, H, F, F] when not null.
 */
void launchInteract(int rows, int fields, int d, int heads, const float* projected, const float* gamma,
                    const float* beta, float* out, float* attention, cudaStream_t stream);

/** How the head combines the branches' last linear outputs a (main) and d (deep). */
enum class Mix : int { Single = 0, Learned = 1, Sum = 2 };

/** The last Linear(·, 1) of each branch, the mix, and the score (sigmoid for binary models). */
struct HeadArgs {
  int rows;
  const float* main;  // [rows, mainWidth], row stride mainLd
  int mainLd;
  int mainWidth;
  const float* mainWeight;
  float mainBias;
  const float* deep;  // or null
  int deepLd;
  int deepWidth;
  const float* deepWeight;
  float deepBias;
  Mix mix;
  float mixMain;  // Learned: mixMain · a + mixDeep · d + mixBias
  float mixDeep;
  float mixBias;
  bool binary;
  double* logits;  // [rows]
  double* scores;  // [rows]
};

void launchHead(const HeadArgs& args, cudaStream_t stream);

/** Dynamic shared memory bytes one block of the ARM-Net front needs per row, for model checks. */
size_t armFrontBytesPerRow(int fields, int emb);

/** Shared memory bytes one row of an interacting layer needs. */
size_t interactBytesPerRow(int fields, int d);

/** The shared memory one block may use without opting in. */
constexpr size_t kSharedLimit = 48 * 1024;

}  // namespace sqlscore

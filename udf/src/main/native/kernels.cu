#include "kernels.h"

#include <cmath>

#include "common.h"

namespace sqlscore {

namespace {

constexpr int kThreads = 256;
constexpr float kLayerNormEps = 1e-8f;

/**
 * One (row, neuron) of ARM-Net, exactly as the CPU backend computes it (arm_math.h). {@code e}
 * is the row's [F, E] embeddings; {@code h} the row's [K·O·E] hidden output. Gates and weights
 * go out field-major, [rows, F, gateStride], the layout the CPU backend hands its explainer; the
 * last neuron also zeroes the padding lanes [K·O, gateStride) of its row.
 */
template <int kMaxF>
__device__ void armNeuron(const ArmFrontArgs& a, const float* e, int row, int n, float* h) {
  const int F = a.fields;
  const int N = a.neurons;
  const size_t rowCells = static_cast<size_t>(row) * F * a.gateStride;
  exact::NeuronIo io;
  io.e = e;
  io.scoreMatrix = a.scoreMatrix;
  io.fieldValues = a.fieldValues;
  io.bnScale = a.bnScale[n];
  io.bnShift = a.bnShift[n];
  io.gates = a.gates == nullptr ? nullptr : a.gates + rowCells;
  io.weights = a.weights == nullptr ? nullptr : a.weights + rowCells;
  io.stride = a.gateStride;
  io.order = a.order == nullptr ? nullptr : a.order + static_cast<size_t>(row) * N + n;
  io.hidden = h + static_cast<size_t>(n) * a.emb;
  exact::armNeuron<kMaxF>(F, a.emb, N, n, a.gate, io);
  if (n == N - 1) {
    for (int f = 0; f < F; ++f) {
      for (int pad = N; pad < a.gateStride; ++pad) {
        if (io.gates != nullptr) io.gates[f * a.gateStride + pad] = 0.f;
        if (io.weights != nullptr) io.weights[f * a.gateStride + pad] = 0.f;
      }
    }
  }
}

/**
 * rowsPerBlock rows per block: the rows' clamped embeddings go to shared memory (and the deep
 * embeddings of ARM-Net+ straight to global memory), then one thread per (row, neuron); when
 * {@code stage} is set the hidden outputs are gathered in shared memory and written coalesced.
 */
template <int kMaxF>
__global__ void __launch_bounds__(kThreads) armFront(ArmFrontArgs a, int rowsPerBlock, bool stage) {
  extern __shared__ float smem[];
  const int F = a.fields;
  const int E = a.emb;
  const int N = a.neurons;
  const int row0 = blockIdx.x * rowsPerBlock;
  const int rowsHere = min(rowsPerBlock, a.rows - row0);
  const int cellWidth = F * E;
  const size_t width = static_cast<size_t>(N) * E;
  float* e = smem;
  float* staged = smem + static_cast<size_t>(rowsPerBlock) * cellWidth;
  for (int i = threadIdx.x; i < rowsHere * cellWidth; i += blockDim.x) {
    const int r = i / cellWidth;
    const int rem = i - r * cellWidth;
    const int f = rem / E;
    const int j = rem - f * E;
    const int cell = (row0 + r) * F + f;
    int id = a.ids[cell];
    const float v = exact::clampValue(a.values[cell]);
    if (id < 0 || id >= a.nfeat) {
      if (j == 0) atomicMin(a.bad, cell);
      id = 0;
    }
    const size_t src = static_cast<size_t>(id) * E + j;
    e[i] = exact::mul(a.table[src], v);
    if (a.deep != nullptr) a.deep[static_cast<size_t>(row0) * cellWidth + i] = a.deepTable[src] * v;
  }
  __syncthreads();
  for (int p = threadIdx.x; p < rowsHere * N; p += blockDim.x) {
    const int r = p / N;
    const int n = p - r * N;
    float* h = stage ? staged + r * width : a.hidden + static_cast<size_t>(row0 + r) * width;
    armNeuron<kMaxF>(a, e + r * cellWidth, row0 + r, n, h);
  }
  if (stage) {
    __syncthreads();
    float* dst = a.hidden + static_cast<size_t>(row0) * width;
    for (size_t i = threadIdx.x; i < rowsHere * width; i += blockDim.x) dst[i] = staged[i];
  }
}

__global__ void embed(int cells, int emb, int nfeat, const int* __restrict__ ids, const float* __restrict__ values,
                      const float* __restrict__ table, float* __restrict__ out, int* bad) {
  const size_t total = static_cast<size_t>(cells) * emb;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const int cell = static_cast<int>(i / emb);
    const int j = static_cast<int>(i - static_cast<size_t>(cell) * emb);
    int id = ids[cell];
    if (id < 0 || id >= nfeat) {
      if (j == 0) atomicMin(bad, cell);
      id = 0;
    }
    out[i] = table[static_cast<size_t>(id) * emb + j] * values[cell];
  }
}

/**
 * rowsPerBlock rows per block, their projections in shared memory (each field's 4d values
 * padded by one float against bank conflicts), one thread per (row, query field i): per head
 * the scaled dot products with every key, softmax, the weighted sum of values (written over
 * the thread's own Q, which no other thread reads), then ReLU(U + residual) and LayerNorm.
 */
template <int kMaxF>
__global__ void interact(int rows, int F, int d, int H, const float* __restrict__ projected,
                         const float* __restrict__ gamma, const float* __restrict__ beta, float* __restrict__ out,
                         float* __restrict__ attention, int rowsPerBlock) {
  extern __shared__ float smem[];
  const int row0 = blockIdx.x * rowsPerBlock;
  const int rowsHere = min(rowsPerBlock, rows - row0);
  const int width = 4 * d;
  const int stride = width + 1;
  const float* src = projected + static_cast<size_t>(row0) * F * width;
  for (int i = threadIdx.x; i < rowsHere * F * width; i += blockDim.x) {
    const int cell = i / width;
    smem[cell * stride + (i - cell * width)] = src[i];
  }
  __syncthreads();
  const int t = threadIdx.x;
  if (t >= rowsHere * F) return;
  const int r = t / F;
  const int i = t - r * F;
  float* base = smem + r * F * stride;
  float* qi = base + i * stride;
  const int dh = d / H;
  const float root = sqrtf(static_cast<float>(dh));
  for (int h = 0; h < H; ++h) {
    float s[kMaxF];
    const float* q = qi + h * dh;
    float mx = -INFINITY;
#pragma unroll
    for (int j = 0; j < kMaxF; ++j) {
      if (j < F) {
        const float* k = base + j * stride + d + h * dh;
        float acc = 0.f;
        for (int c = 0; c < dh; ++c) acc = fmaf(k[c], q[c], acc);
        s[j] = acc / root;
        mx = fmaxf(mx, s[j]);
      }
    }
    float sum = 0.f;
#pragma unroll
    for (int j = 0; j < kMaxF; ++j) {
      if (j < F) {
        s[j] = expf(s[j] - mx);
        sum += s[j];
      }
    }
    float* map = attention == nullptr ? nullptr : attention + ((static_cast<size_t>(row0 + r) * H + h) * F + i) * F;
#pragma unroll
    for (int j = 0; j < kMaxF; ++j) {
      if (j < F) {
        s[j] = s[j] / sum;
        if (map != nullptr) map[j] = s[j];
      }
    }
    for (int c = 0; c < dh; ++c) {
      float u = 0.f;
#pragma unroll
      for (int j = 0; j < kMaxF; ++j) {
        if (j < F) u = fmaf(s[j], base[j * stride + 2 * d + h * dh + c], u);
      }
      qi[h * dh + c] = u;
    }
  }
  const float* residual = qi + 3 * d;
  float sum = 0.f;
  for (int c = 0; c < d; ++c) {
    const float z = fmaxf(qi[c] + residual[c], 0.f);
    qi[c] = z;
    sum += z;
  }
  const float mean = sum / static_cast<float>(d);
  float squares = 0.f;
  for (int c = 0; c < d; ++c) {
    const float centered = qi[c] - mean;
    squares = fmaf(centered, centered, squares);
  }
  const float deviation = sqrtf(squares / static_cast<float>(d) + kLayerNormEps);
  float* o = out + (static_cast<size_t>(row0 + r) * F + i) * d;
  for (int c = 0; c < d; ++c) {
    o[c] = __fadd_rn(__fmul_rn((qi[c] - mean) / deviation, gamma[c]), beta[c]);
  }
}

__device__ __forceinline__ float warpSum(float v) {
#pragma unroll
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

/** One warp per row: the branches' last Linear(·, 1), their mix, and the score. */
__global__ void head(HeadArgs a) {
  const int row = static_cast<int>((blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x) / 32);
  const int lane = threadIdx.x % 32;
  if (row >= a.rows) return;
  const float* x = a.main + static_cast<size_t>(row) * a.mainLd;
  float s = 0.f;
  for (int k = lane; k < a.mainWidth; k += 32) s = fmaf(x[k], a.mainWeight[k], s);
  float logit = warpSum(s) + a.mainBias;
  if (a.deep != nullptr) {
    const float* xd = a.deep + static_cast<size_t>(row) * a.deepLd;
    float sd = 0.f;
    for (int k = lane; k < a.deepWidth; k += 32) sd = fmaf(xd[k], a.deepWeight[k], sd);
    const float deep = warpSum(sd) + a.deepBias;
    logit = a.mix == Mix::Learned
                ? __fadd_rn(__fadd_rn(__fmul_rn(a.mixMain, logit), __fmul_rn(a.mixDeep, deep)), a.mixBias)
                : logit + deep;
  }
  if (lane == 0) {
    a.logits[row] = logit;
    a.scores[row] = a.binary ? 1.0 / (1.0 + exp(-static_cast<double>(logit))) : static_cast<double>(logit);
  }
}

int gridFor(size_t work, int threads) {
  const size_t blocks = (work + threads - 1) / threads;
  return static_cast<int>(blocks < 1 ? 1 : (blocks > 65535 * 16 ? 65535 * 16 : blocks));
}

}  // namespace

size_t armFrontBytesPerRow(int fields, int emb) { return sizeof(float) * static_cast<size_t>(fields) * emb; }

size_t interactBytesPerRow(int fields, int d) { return sizeof(float) * static_cast<size_t>(fields) * (4 * d + 1); }

void launchArmFront(const ArmFrontArgs& a, cudaStream_t stream) {
  if (a.rows == 0) return;
  const size_t embBytes = armFrontBytesPerRow(a.fields, a.emb);
  const size_t hiddenBytes = sizeof(float) * static_cast<size_t>(a.neurons) * a.emb;
  const bool stage = embBytes + hiddenBytes <= kSharedLimit;
  const size_t perRow = stage ? embBytes + hiddenBytes : embBytes;
  int rowsPerBlock = a.neurons >= kThreads ? 1 : kThreads / a.neurons;
  rowsPerBlock = static_cast<int>(std::min<size_t>(rowsPerBlock, kSharedLimit / perRow));
  rowsPerBlock = std::max(1, std::min(rowsPerBlock, a.rows));
  const int blocks = (a.rows + rowsPerBlock - 1) / rowsPerBlock;
  const size_t shared = perRow * rowsPerBlock;
  if (a.fields <= 16) {
    armFront<16><<<blocks, kThreads, shared, stream>>>(a, rowsPerBlock, stage);
  } else if (a.fields <= 32) {
    armFront<32><<<blocks, kThreads, shared, stream>>>(a, rowsPerBlock, stage);
  } else {
    armFront<kMaxFields><<<blocks, kThreads, shared, stream>>>(a, rowsPerBlock, stage);
  }
  checkLaunch("armFront");
}

void launchEmbed(int rows, int fields, int emb, int nfeat, const int* ids, const float* values, const float* table,
                 float* out, int* bad, cudaStream_t stream) {
  if (rows == 0) return;
  const int cells = rows * fields;
  embed<<<gridFor(static_cast<size_t>(cells) * emb, kThreads), kThreads, 0, stream>>>(cells, emb, nfeat, ids, values,
                                                                                     table, out, bad);
  checkLaunch("embed");
}

void launchInteract(int rows, int fields, int d, int heads, const float* projected, const float* gamma,
                    const float* beta, float* out, float* attention, cudaStream_t stream) {
  if (rows == 0) return;
  const size_t perRow = interactBytesPerRow(fields, d);
  int rowsPerBlock = std::max(1, kThreads / fields);
  rowsPerBlock = static_cast<int>(std::min<size_t>(rowsPerBlock, kSharedLimit / perRow));
  rowsPerBlock = std::max(1, std::min(rowsPerBlock, rows));
  const int threads = (rowsPerBlock * fields + 31) / 32 * 32;
  const int blocks = (rows + rowsPerBlock - 1) / rowsPerBlock;
  const size_t shared = perRow * rowsPerBlock;
  if (fields <= 16) {
    interact<16><<<blocks, threads, shared, stream>>>(rows, fields, d, heads, projected, gamma, beta, out, attention,
                                                      rowsPerBlock);
  } else if (fields <= 32) {
    interact<32><<<blocks, threads, shared, stream>>>(rows, fields, d, heads, projected, gamma, beta, out, attention,
                                                      rowsPerBlock);
  } else {
    interact<kMaxFields><<<blocks, threads, shared, stream>>>(rows, fields, d, heads, projected, gamma, beta, out,
                                                              attention, rowsPerBlock);
  }
  checkLaunch("interact");
}

void launchHead(const HeadArgs& args, cudaStream_t stream) {
  if (args.rows == 0) return;
  head<<<gridFor(static_cast<size_t>(args.rows) * 32, kThreads), kThreads, 0, stream>>>(args);
  checkLaunch("head");
}

}  // namespace sqlscore

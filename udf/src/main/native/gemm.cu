#include "gemm.h"

#include <string>

#include "common.h"

namespace sqlscore {

namespace {

constexpr int kTileM = 128;
constexpr int kTileN = 128;
constexpr int kTileK = 8;
constexpr int kThreads = 256;

/**
 * C = act(A · B + bias) with A [M, K] (row stride lda), B [K, N] (row stride ldb) and C [M, N]
 * (row stride ldc). Each block computes a 128 x 128 tile of C; each thread an 8 x 8 sub-tile
 * (rows ty*4..+3 and 64+ty*4..+3, columns tx*4..+3 and 64+tx*4..+3), accumulating plain FP32
 * fused multiply-adds in k order. Shared tiles are double-buffered: the next k slice is loaded
 * into registers while the current one is multiplied.
 */
template <bool kRelu>
__global__ void __launch_bounds__(kThreads)
    sgemmBiasAct(int M, int N, int K, const float* __restrict__ A, int lda, const float* __restrict__ B, int ldb,
                 const float* __restrict__ bias, float* __restrict__ C, int ldc) {
  __shared__ __align__(16) float as[2][kTileK][kTileM + 4];
  __shared__ __align__(16) float bs[2][kTileK][kTileN];
  const int tid = threadIdx.x;
  const int tx = tid % 16;
  const int ty = tid / 16;
  const int m0 = blockIdx.y * kTileM;
  const int n0 = blockIdx.x * kTileN;
  const int aRow = tid >> 1;
  const int aCol = (tid & 1) * 4;
  const int bRow = tid >> 5;
  const int bCol = (tid & 31) * 4;

  float aReg[4];
  float bReg[4];
  auto loadTiles = [&](int k0) {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      int m = m0 + aRow;
      int k = k0 + aCol + i;
      aReg[i] = (m < M && k < K) ? A[static_cast<size_t>(m) * lda + k] : 0.f;
      int kb = k0 + bRow;
      int n = n0 + bCol + i;
      bReg[i] = (kb < K && n < N) ? B[static_cast<size_t>(kb) * ldb + n] : 0.f;
    }
  };
  auto storeTiles = [&](int buf) {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      as[buf][aCol + i][aRow] = aReg[i];
      bs[buf][bRow][bCol + i] = bReg[i];
    }
  };

  float acc[8][8];
#pragma unroll
  for (int i = 0; i < 8; ++i) {
#pragma unroll
    for (int j = 0; j < 8; ++j) acc[i][j] = 0.f;
  }

  loadTiles(0);
  storeTiles(0);
  __syncthreads();
  int buf = 0;
  for (int k0 = 0; k0 < K; k0 += kTileK) {
    const bool more = k0 + kTileK < K;
    if (more) loadTiles(k0 + kTileK);
#pragma unroll
    for (int kk = 0; kk < kTileK; ++kk) {
      float4 a0 = *reinterpret_cast<const float4*>(&as[buf][kk][ty * 4]);
      float4 a1 = *reinterpret_cast<const float4*>(&as[buf][kk][64 + ty * 4]);
      float4 b0 = *reinterpret_cast<const float4*>(&bs[buf][kk][tx * 4]);
      float4 b1 = *reinterpret_cast<const float4*>(&bs[buf][kk][64 + tx * 4]);
      const float a[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
      const float b[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
      for (int i = 0; i < 8; ++i) {
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
      }
    }
    if (more) storeTiles(buf ^ 1);
    __syncthreads();
    buf ^= 1;
  }

#pragma unroll
  for (int i = 0; i < 8; ++i) {
    const int m = m0 + (i < 4 ? ty * 4 + i : 64 + ty * 4 + (i - 4));
    if (m >= M) continue;
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      const int n = n0 + (j < 4 ? tx * 4 + j : 64 + tx * 4 + (j - 4));
      if (n < N) {
        float v = acc[i][j] + bias[n];
        C[static_cast<size_t>(m) * ldc + n] = kRelu ? fmaxf(v, 0.f) : v;
      }
    }
  }
}

/** y[r, c] = act(y[r, c] + bias[c]): the epilogue cuBLAS does not fuse. */
template <bool kRelu>
__global__ void biasAct(int rows, int cols, const float* __restrict__ bias, float* __restrict__ y, int ldy) {
  const size_t total = static_cast<size_t>(rows) * cols;
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < total;
       i += static_cast<size_t>(gridDim.x) * blockDim.x) {
    const size_t r = i / cols;
    const int c = static_cast<int>(i % cols);
    float v = y[r * ldy + c] + bias[c];
    y[r * ldy + c] = kRelu ? fmaxf(v, 0.f) : v;
  }
}

void checkCublas(int status, const char* what) {
  if (status != kCublasSuccess) {
    throw GpuError(Failure::Internal, std::string(what) + " failed with cuBLAS status " + std::to_string(status));
  }
}

}  // namespace

Gemm::Gemm(cudaStream_t stream) : stream_(stream), api_(cublas()) {
  if (api_ == nullptr) return;
  checkCublas(api_->create(&handle_), "cublasCreate");
  checkCublas(api_->setStream(handle_, stream_), "cublasSetStream");
  checkCublas(api_->setMathMode(handle_, kCublasDefaultMath), "cublasSetMathMode");
}

Gemm::~Gemm() {
  if (handle_ != nullptr) api_->destroy(handle_);
}

void Gemm::dense(int rows, const float* x, int ldx, const float* wt, const float* bias, int in, int out, bool relu,
                 float* y, int ldy) const {
  if (rows == 0) return;
  if (handle_ != nullptr) {
    // Column-major view: y^T (out x rows) = wt^T (out x in) · x^T (in x rows), no transposes.
    const float one = 1.f;
    const float zero = 0.f;
    checkCublas(api_->sgemm(handle_, kCublasOpN, kCublasOpN, out, rows, in, &one, wt, out, x, ldx, &zero, y, ldy),
                "cublasSgemm");
    const size_t total = static_cast<size_t>(rows) * out;
    const int blocks = static_cast<int>((total + 255) / 256 < 65535 ? (total + 255) / 256 : 65535);
    if (relu) {
      biasAct<true><<<blocks, 256, 0, stream_>>>(rows, out, bias, y, ldy);
    } else {
      biasAct<false><<<blocks, 256, 0, stream_>>>(rows, out, bias, y, ldy);
    }
    checkLaunch("biasAct");
    return;
  }
  const dim3 grid((out + kTileN - 1) / kTileN, (rows + kTileM - 1) / kTileM);
  if (grid.y > 65535) throw GpuError(Failure::BadArgument, "too many rows for one GEMM: " + std::to_string(rows));
  if (relu) {
    sgemmBiasAct<true><<<grid, kThreads, 0, stream_>>>(rows, out, in, x, ldx, wt, out, bias, y, ldy);
  } else {
    sgemmBiasAct<false><<<grid, kThreads, 0, stream_>>>(rows, out, in, x, ldx, wt, out, bias, y, ldy);
  }
  checkLaunch("sgemmBiasAct");
}

}  // namespace sqlscore

// Dense layers y = act(x · W + b) on a stream: cuBLAS SGEMM (full FP32) when loaded, else the
// library's own tiled SGEMM kernel with the bias and ReLU fused into it.
#pragma once

#include <cuda_runtime.h>

#include "cublas_loader.h"

namespace sqlscore {

/** Runs dense layers on one stream. Not thread-safe: one per stream. */
class Gemm {
 public:
  explicit Gemm(cudaStream_t stream);
  Gemm(const Gemm&) = delete;
  Gemm& operator=(const Gemm&) = delete;
  ~Gemm();

  /**
   * y[r, c] = act(Σ_p x[r, p] · wt[p, c] + bias[c]) for r < rows, c < out, where x has row
   * stride ldx, wt is [in, out] row-major and y has row stride ldy; act is ReLU or the identity.
   */
  void dense(int rows, const float* x, int ldx, const float* wt, const float* bias, int in, int out, bool relu,
             float* y, int ldy) const;

 private:
  cudaStream_t stream_;
  const CublasApi* api_;
  CublasApi::Handle handle_ = nullptr;
};

}  // namespace sqlscore

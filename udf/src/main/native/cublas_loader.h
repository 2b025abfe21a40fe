// cuBLAS, found at run time with dlopen so that the library needs nothing beyond the driver.
#pragma once

#include <cuda_runtime.h>

#include <string>

namespace sqlscore {

/** The few cuBLAS entry points the library uses, resolved from a dlopen'ed libcublas. */
struct CublasApi {
  using Handle = struct cublasContext*;
  using Status = int;
  int (*create)(Handle*);
  int (*destroy)(Handle);
  int (*setStream)(Handle, cudaStream_t);
  int (*setMathMode)(Handle, int);
  int (*sgemm)(Handle, int transa, int transb, int m, int n, int k, const float* alpha, const float* a, int lda,
               const float* b, int ldb, const float* beta, float* c, int ldc);
};

/** cuBLAS status and enum values used here (cublas_api.h; stable across cuBLAS 11 to 13). */
constexpr int kCublasSuccess = 0;
constexpr int kCublasOpN = 0;
constexpr int kCublasDefaultMath = 0;  // full FP32: no TF32 unless asked for

/**
 * cuBLAS when it could be loaded, else nullptr. Loaded once per process. The environment
 * variable SQLSCORE_CUBLAS names the library file (or "off" to use the library's own GEMM
 * kernels); without it libcublas.so.13, .so.12 and .so are tried on the loader's search path.
 */
const CublasApi* cublas();

/** What GEMMs run on: "cuBLAS (<file>)" or "own SGEMM kernels (<why cuBLAS is not used>)". */
std::string gemmDescription();

}  // namespace sqlscore

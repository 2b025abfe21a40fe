#include "common.h"

namespace sqlscore {

namespace {
Failure classify(cudaError_t status) {
  switch (status) {
    case cudaErrorMemoryAllocation:
      return Failure::OutOfMemory;
    case cudaErrorNoDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorInitializationError:
    case cudaErrorDevicesUnavailable:
    case cudaErrorNoKernelImageForDevice:
    case cudaErrorUnsupportedPtxVersion:
      return Failure::Unavailable;
    default:
      return Failure::Internal;
  }
}
}  // namespace

void check(cudaError_t status, const char* what) {
  if (status == cudaSuccess) return;
  throw GpuError(classify(status), std::string(what) + " failed: " + cudaGetErrorName(status) + ": " +
                                       cudaGetErrorString(status));
}

void checkLaunch(const char* kernel) {
  cudaError_t status = cudaGetLastError();
  if (status == cudaSuccess) return;
  throw GpuError(classify(status), std::string("launching ") + kernel + " failed: " + cudaGetErrorName(status) +
                                       ": " + cudaGetErrorString(status));
}

}  // namespace sqlscore

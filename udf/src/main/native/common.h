// Error handling and owning device/pinned buffers shared by the sqlscore GPU library.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>
#include <stdexcept>
#include <string>

namespace sqlscore {

/** How a failure maps onto sqlscore's error codes on the Java side. */
enum class Failure { Internal, Unavailable, OutOfMemory, NotSupported, BadArgument };

/** A failure of the native library; the JNI bridge turns it into a SqlscoreException. */
class GpuError : public std::runtime_error {
 public:
  GpuError(Failure kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Failure kind() const { return kind_; }

 private:
  Failure kind_;
};

/** Throws a GpuError naming {@code what} when {@code status} is not cudaSuccess. */
void check(cudaError_t status, const char* what);

/** Checks the launch of {@code kernel} (configuration errors surface here, not at the call). */
void checkLaunch(const char* kernel);

#define SQLSCORE_CUDA(call) ::sqlscore::check((call), #call)

/** The device every call of this library uses. */
constexpr int kDevice = 0;

/** Device memory for {@code count} elements of T, freed on destruction. */
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  ~DeviceArray() { release(); }

  /** Makes room for at least {@code count} elements; contents are lost when it grows. */
  void reserve(size_t count) {
    if (count <= count_) return;
    release();
    void* p = nullptr;
    SQLSCORE_CUDA(cudaMalloc(&p, count * sizeof(T)));
    ptr_ = static_cast<T*>(p);
    count_ = count;
  }

  /** Allocates exactly {@code count} elements and copies them from the host (synchronously). */
  void upload(const T* host, size_t count) {
    reserve(count);
    if (count > 0) SQLSCORE_CUDA(cudaMemcpy(ptr_, host, count * sizeof(T), cudaMemcpyHostToDevice));
  }

  T* get() const { return ptr_; }
  size_t size() const { return count_; }
  size_t bytes() const { return count_ * sizeof(T); }

 private:
  void release() {
    if (ptr_ != nullptr) cudaFree(ptr_);
    ptr_ = nullptr;
    count_ = 0;
  }

  T* ptr_ = nullptr;
  size_t count_ = 0;
};

/** Page-locked host memory for {@code count} elements of T, so that copies run asynchronously. */
template <typename T>
class PinnedArray {
 public:
  PinnedArray() = default;
  PinnedArray(const PinnedArray&) = delete;
  PinnedArray& operator=(const PinnedArray&) = delete;
  ~PinnedArray() { release(); }

  void reserve(size_t count) {
    if (count <= count_) return;
    release();
    void* p = nullptr;
    SQLSCORE_CUDA(cudaHostAlloc(&p, count * sizeof(T), cudaHostAllocDefault));
    ptr_ = static_cast<T*>(p);
    count_ = count;
  }

  T* get() const { return ptr_; }
  size_t size() const { return count_; }

 private:
  void release() {
    if (ptr_ != nullptr) cudaFreeHost(ptr_);
    ptr_ = nullptr;
    count_ = 0;
  }

  T* ptr_ = nullptr;
  size_t count_ = 0;
};

}  // namespace sqlscore

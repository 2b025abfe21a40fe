#!/usr/bin/env bash
# Builds libsqlscore_gpu.so (JNI + CUDA, CUDA runtime linked statically) into the file named by
# $1. Used by the gpu-native profile of udf/pom.xml and by tests/gpu/check.sh where a prebuilt
# library does not load. Needs nvcc (NVCC, default: nvcc on PATH, else /usr/local/cuda/bin/nvcc)
# and the JNI headers (JNI_INCLUDE, default: $JAVA_HOME/include). Skips the build when the
# library is newer than every source.
set -euo pipefail
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -f "$out" ] && [ -z "$(find "$src" -newer "$out" -type f -print -quit)" ]; then
  echo "libsqlscore_gpu.so is up to date: $out"
  exit 0
fi
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
jni="${JNI_INCLUDE:-${JAVA_HOME:-/usr/lib/jvm/default-java}/include}"
[ -f "$jni/jni.h" ] || { echo "build.sh: no jni.h under $jni (set JNI_INCLUDE or JAVA_HOME)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
# sm_90 machine code (H100/H200) and compute_80 PTX, which the driver compiles once for any other
# GPU of compute capability 8.0 or newer. No fast math: the kernels must stay within the parity
# tolerances of plain FP32 (and FP64) arithmetic. Host code never contracts a · b + c into one
# fused multiply-add: arm_math.h must give the CPU backend's bits on the host too.
"$nvcc" -O3 -std=c++17 -shared -Xcompiler -fPIC -Xcompiler -fvisibility=hidden -cudart static \
  -Xcompiler -ffp-contract=off -Xcompiler -Wall -Xcompiler -Wextra -Werror all-warnings \
  --threads 0 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_80,code=compute_80 \
  -I"$jni" -I"$jni/linux" -I"$src" \
  "$src"/common.cpp "$src"/cublas_loader.cpp "$src"/gemm.cu "$src"/kernels.cu "$src"/model.cu "$src"/jni_bridge.cpp \
  -ldl -lpthread -lrt -o "$out.tmp"
mv "$out.tmp" "$out"
echo "built $out"

#!/usr/bin/env bash
# The GPU check. Runs on a machine with an NVIDIA GPU from what tests/gpu/stage.sh put in its
# folder (a jlink'd Java, the jars, the native library, test vectors, the Frappe models and rows):
#   bash .gpu/check.sh
# Needs nvidia-smi, python3 with torch (for the PyTorch baseline) and, only when the bundled
# library does not load, nvcc. Prints JSON lines (also to $OUT/results.jsonl, or ./out when
# OUT is unset): parity per test vector and Frappe model, throughput of frappe-armnet_plus at
# batches of 4096 and 65536 rows for the GPU backend (cuBLAS and the library's own SGEMM),
# PyTorch eager on the same GPU and the CPU backend, and their ratios.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$here/out}"
mkdir -p "$out"
results="$out/results.jsonl"
: > "$results"
exec > >(tee -a "$out/check.log") 2>&1

nvidia-smi || echo "nvidia-smi failed"
java="$here/jre/bin/java"
"$java" -version
cp="$here/lib/*"
jvm=(--add-modules=jdk.incubator.vector -Xmx8g -cp "$cp")

if [ -z "${SQLSCORE_CUBLAS:-}" ]; then
  dir="$(python3 -c 'import nvidia.cublas as c; print(list(c.__path__)[0])' 2>/dev/null)/lib"
  found="$(ls "$dir"/libcublas.so.* /usr/local/cuda/lib64/libcublas.so.* 2>/dev/null | grep -v Lt | head -1)"
  [ -n "$found" ] && export SQLSCORE_CUBLAS="$found"
fi
echo "SQLSCORE_CUBLAS=${SQLSCORE_CUBLAS:-<not found>}"

check() {  # check [java options...] -- [GpuCheck options...]
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  "$java" "${jvm[@]}" "${opts[@]}" io.sqlscore.gpucheck.GpuCheck "$here/testvectors" "$here/models" \
    "$here/frappe-test.libsvm" "$@" | tee -a "$results"
  return "${PIPESTATUS[0]}"
}

library=()
check -- ; status=$?
if [ "$status" = 2 ] && tail -1 "$results" | grep -q '"reason":"the native GPU library \(could not be loaded\|does not answer\)'; then
  echo "the bundled library did not load; rebuilding it with nvcc"
  if JNI_INCLUDE="$here/jni-include" bash "$here/native/build.sh" "$here/rebuilt/libsqlscore_gpu.so"; then
    library=(-Dsqlscore.gpu.library="$here/rebuilt/libsqlscore_gpu.so")
    check "${library[@]}" -- ; status=$?
  fi
fi
if [ "$status" != 2 ]; then
  SQLSCORE_CUBLAS=off check "${library[@]}" -- --no-cpu
fi

# The GPU-tagged JUnit tests of the udf module (parity per backend, concurrent callers, errors).
if [ "$status" != 2 ]; then
  classpath="$here/udf-test-classes:$(ls "$here"/lib/*.jar | tr '\n' ':')"
  "$java" --add-modules=jdk.incubator.vector -Dsqlscore.repo="$(cd "$here/.." && pwd)" "${library[@]}" \
    -jar "$here/junit/console.jar" execute --disable-banner --disable-ansi-colors --exclude-engine=junit-vintage --details=tree --class-path "$classpath" \
    --include-tag gpu --select-package io.sqlscore.udf > "$out/junit.log" 2>&1
  junit_status=$?
  cat "$out/junit.log"
  passed=$(grep -oE '[0-9]+ tests successful' "$out/junit.log" | grep -oE '^[0-9]+' || echo 0)
  failed=$(grep -oE '[0-9]+ tests failed' "$out/junit.log" | grep -oE '^[0-9]+' || echo 0)
  aborted=$(grep -oE '[0-9]+ tests aborted' "$out/junit.log" | grep -oE '^[0-9]+' || echo 0)
  echo "{\"case\":\"junit-gpu\",\"passed\":$passed,\"failed\":$failed,\"skipped\":$aborted,\"exit\":$junit_status}" \
    | tee -a "$results"
fi

export PYTHONUNBUFFERED=1
python3 "$here/torch_reference.py" parity "$here/testvectors" "$here/models" | tee -a "$results"
python3 "$here/torch_reference.py" throughput "$here/models/frappe-armnet_plus" "$here/frappe-test.libsvm" \
  | tee -a "$results"
python3 "$here/summarize.py" "$results" | tee -a "$results"
exit "$status"

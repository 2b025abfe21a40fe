#!/usr/bin/env bash
# Builds the project here and stages everything tests/gpu/check.sh needs into one folder
# (default: .gpu in the repository, which git ignores), for a GPU machine that has no Maven,
# no Java and no ../shared: a jlink'd Java runtime, the jars, the native library inside the udf
# jar (plus its sources and the JNI headers, to rebuild it there if it does not load), the
# test vectors, the Frappe models and test rows (never committed: licence), and the scripts.
#   bash tests/gpu/stage.sh [folder]       then, on the GPU machine: bash <folder>/check.sh
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$repo/.gpu}"
shared="${SQLSCORE_SHARED:-$repo/../shared}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"

(cd "$repo" && mvn -B -q -o package -DskipTests -pl bench -am)
unzip -l "$repo/udf/target/sqlscore-udf-0.1.0-SNAPSHOT.jar" native/linux-x86_64/libsqlscore_gpu.so > /dev/null \
  || { echo "stage.sh: the udf jar has no native library (is nvcc installed?)" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/lib" "$dest/models" "$dest/jni-include"
jlink --add-modules java.base,java.logging,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$dest/jre"
find "$dest/jre" -name '*.so' -exec strip --strip-unneeded {} +
for module in errors model-format udf bench; do
  cp "$repo/$module/target/sqlscore-$module-0.1.0-SNAPSHOT.jar" "$dest/lib/"
done
tr ':' '\n' < "$repo/bench/target/classpath.txt" | grep -E '/jackson-(core|databind|annotations)-[0-9]' | xargs -I{} cp {} "$dest/lib/"
cp -r "$repo/udf/src/test/resources/testvectors" "$dest/testvectors"
rm -f "$dest/testvectors/README.md"
for model in frappe-armnet frappe-armnet_plus frappe-autoint frappe-autoint_plus; do
  mkdir -p "$dest/models/$model"
  cp "$shared/models/$model/"{config.json,weights.safetensors,expected_test_head.safetensors} "$dest/models/$model/"
done
cp "$shared/data/frappe/test.libsvm" "$dest/frappe-test.libsvm"
cp -r "$repo/udf/src/main/native" "$dest/native"
cp "$java_home/include/jni.h" "$dest/jni-include/"
cp -r "$java_home/include/linux" "$dest/jni-include/linux"
# The backend's GPU-tagged JUnit tests, run there by the JUnit console launcher (Maven Central).
junit="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar"
[ -f "$junit" ] || (cd "$repo" && mvn -B -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4)
mkdir -p "$dest/junit"
cp "$junit" "$dest/junit/console.jar"
cp -r "$repo/udf/target/test-classes" "$dest/udf-test-classes"
cp "$repo/tests/gpu/check.sh" "$repo/tests/gpu/torch_reference.py" "$repo/tests/gpu/summarize.py" "$dest/"
size=$(du -sm "$dest" | cut -f1)
echo "staged $dest: ${size} MiB"
[ "$size" -lt 56 ] || { echo "stage.sh: over the 56 MiB budget of the device machine's carry" >&2; exit 1; }

#!/usr/bin/env bash
# Builds the project here and stages what tests/gpu/check.sh needs on a GPU machine that has no
# Maven, no Java and no ../shared, into one ignored folder that the device call carries
# (default: .gpu in the repository):
#   .gpu/bundle.tar.xz   a jlink'd Java; the jars of the whole SQL path (Calcite, Arrow, the JDBC
#                        driver, the benchmarks and the GPU check) with a trimmed DuckDB jar that
#                        keeps only its linux-x86_64 library; the udf jar with the native GPU
#                        library; the JUnit console launcher with the udf and sql-examples test
#                        classes; the Frappe models and test rows from ../shared (never
#                        committed: licence); the native sources and JNI headers for a rebuild
#   .gpu/STAGED          what was staged, from which commit, and the sizes
# The check itself, the PyTorch baseline, the Adult data and models and the test vectors are
# tracked files: they travel with the working tree. The bundle is xz-compressed (the jars stored
# uncompressed inside it, which xz compresses far better than zip does), and the script fails
# when what would travel (tracked and untracked-not-ignored files plus the folder) exceeds
# 60 MiB, the device machine's 64 MiB limit less a margin.
#   bash tests/gpu/stage.sh [folder]      then there: bash tests/gpu/check.sh
#   here, to prove the staged tree complete: bash tests/gpu/check.sh --cpu-only
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$repo/.gpu}"
shared="${SQLSCORE_SHARED:-$repo/../shared}"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
limit_mib=60

for model in frappe-armnet frappe-armnet_plus frappe-autoint frappe-autoint_plus; do
  [ -f "$shared/models/$model/weights.safetensors" ] \
    || { echo "stage.sh: $shared/models/$model is missing (set SQLSCORE_SHARED)" >&2; exit 1; }
done

if [ -z "${SQLSCORE_STAGE_NO_BUILD:-}" ]; then  # set it to restage what the last build left in target/
  echo "stage.sh: building (Maven, offline)"
  (cd "$repo" && MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}" mvn -B -q -o package -DskipTests -pl bench,cli,sql-examples -am)
fi
udf_jar="$repo/udf/target/sqlscore-udf-0.1.0-SNAPSHOT.jar"
unzip -l "$udf_jar" native/linux-x86_64/libsqlscore_gpu.so > /dev/null \
  || { echo "stage.sh: the udf jar has no native library (is nvcc installed?)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
root="$tmp/bundle"
mkdir -p "$root/lib" "$root/junit" "$root/test-classes" "$root/shared/data/frappe" "$root/jni-include"

echo "stage.sh: jlink"
# java.sql (Calcite, DuckDB, the driver) brings java.xml and java.transaction.xa; java.management
# (the benchmarks' memory sampling, commons-pool), java.naming (Calcite's JDBC data sources), jdk.jfr
# (DuckDB's memory events), jdk.unsupported (Arrow, netty). No compression here: xz packs the
# uncompressed modules file into half the size of jlink's own zip.
jlink --add-modules java.base,java.logging,java.sql,java.management,java.naming,jdk.unsupported,jdk.jfr,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=0 --output "$root/jre" 2> /dev/null
find "$root/jre" -name '*.so' -exec strip --strip-unneeded {} +

# A jar rewritten with its entries stored, not deflated (contents, signatures and manifest
# unchanged), so that xz compresses across all of them.
stored() {
  local from="$1" to="$2" unpacked
  unpacked="$(mktemp -d -p "$tmp")"
  (cd "$unpacked" && unzip -q "$from" && zip -q -0 -r -X "$to" .)
  rm -rf "$unpacked"
}

echo "stage.sh: jars (DuckDB trimmed to its linux-x86_64 library)"
# The shell's class path is the whole SQL path; the bench jar adds BenchMain and the GPU check,
# which need nothing more (the JMH benchmarks and ND4J stay behind). Also left behind: jars that
# no class is loaded from on any path the check runs (seen with -Xlog:class+load over
# check.sh --cpu-only): the shell's jline, Avatica's remote protocol (protobuf, the HTTP client),
# Calcite's YAML models, sketches and the spatial extras beyond JTS itself.
classpath="$(cat "$repo/cli/target/classpath.txt")"
for jar in $(tr ':' '\n' <<< "$classpath"); do
  name="$(basename "$jar")"
  case "$jar" in
    "$repo"/*) continue ;;  # the project's own jars, staged below
    */jline/*|*/protobuf-java-*|*/httpclient5-*|*/httpcore5-*|*/jackson-dataformat-yaml-*|*/snakeyaml-*) continue ;;
    */sketches-core-*|*/datasketches/memory/*|*/proj4j-*|*/uzaygezen-*|*/jts-io-common-*) continue ;;
    */duckdb_jdbc-*)
      # Only the linux-x86_64 library, without its symbol table (the JNI entry points are dynamic
      # symbols, which stay): about a third of the jar before compression.
      cp "$jar" "$tmp/$name"
      zip -q -d "$tmp/$name" 'libduckdb_java.so_linux_arm64' 'libduckdb_java.so_macos_*' 'libduckdb_java.so_windows_*'
      (cd "$tmp" && unzip -q -o "$name" libduckdb_java.so_linux_amd64 && strip --strip-unneeded libduckdb_java.so_linux_amd64 \
        && zip -q -0 "$name" libduckdb_java.so_linux_amd64 && rm libduckdb_java.so_linux_amd64)
      stored "$tmp/$name" "$root/lib/$name"
      ;;
    *) stored "$jar" "$root/lib/$name" ;;
  esac
done
for module in errors model-format arrow-io model-registry udf train planner jdbc server cli bench; do
  stored "$repo/$module/target/sqlscore-$module-0.1.0-SNAPSHOT.jar" "$root/lib/sqlscore-$module.jar"
done
duckdb_libs="$(unzip -l "$root"/lib/duckdb_jdbc-*.jar | grep -c 'libduckdb_java.so_' || true)"
unzip -l "$root"/lib/duckdb_jdbc-*.jar | grep -q 'libduckdb_java.so_linux_amd64' && [ "$duckdb_libs" = 1 ] \
  || { echo "stage.sh: the trimmed DuckDB jar must hold exactly its linux_amd64 library" >&2; exit 1; }
quidem="$(ls "$HOME"/.m2/repository/net/hydromatic/quidem/*/quidem-*.jar | head -1)"
stored "$quidem" "$root/lib/$(basename "$quidem")"

echo "stage.sh: test classes, JUnit console, Frappe, native sources"
junit="$HOME/.m2/repository/org/junit/platform/junit-platform-console-standalone/1.14.4/junit-platform-console-standalone-1.14.4.jar"
[ -f "$junit" ] || (cd "$repo" && mvn -B -q dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4)
stored "$junit" "$root/junit/console.jar"
cp -r "$repo/udf/target/test-classes" "$root/test-classes/udf"
rm -rf "$root/test-classes/udf/testvectors"  # tracked: read from the repository there
cp -r "$repo/sql-examples/target/test-classes" "$root/test-classes/sql-examples"
for model in frappe-armnet frappe-armnet_plus frappe-autoint frappe-autoint_plus; do
  mkdir -p "$root/shared/models/$model"
  cp "$shared/models/$model/"{config.json,weights.safetensors,expected_test_head.safetensors} "$root/shared/models/$model/"
done
cp "$shared/data/frappe/test.libsvm" "$root/shared/data/frappe/test.libsvm"
cp -r "$repo/udf/src/main/native" "$root/native"
cp "$java_home/include/jni.h" "$root/jni-include/"
cp -r "$java_home/include/linux" "$root/jni-include/linux"

echo "stage.sh: packing (xz)"
rm -rf "$dest"
mkdir -p "$dest"
tar -C "$root" -cf - . | xz -T0 "-${XZ_LEVEL:-6}" > "$dest/bundle.tar.xz"

# What the device call sends: tracked files, untracked files git does not ignore, and this folder.
travel_bytes() {
  (cd "$repo" && { git ls-files -z; git ls-files -z -o --exclude-standard; } \
    | xargs -0 -r stat -L -c %s 2> /dev/null | awk '{s += $1} END {print s + 0}')
}
tree_bytes="$(travel_bytes)"
stage_bytes="$(du -sb "$dest" | cut -f1)"
total_mib=$(( (tree_bytes + stage_bytes + 1048575) / 1048576 ))
{
  echo "staged $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $(cd "$repo" && git rev-parse --short HEAD)$(cd "$repo" && git diff --quiet HEAD || echo ' (with uncommitted changes)')"
  echo "bundle: $(du -b "$dest/bundle.tar.xz" | cut -f1) bytes xz-compressed, $(du -sb "$root" | cut -f1) bytes unpacked"
  echo "trimmed DuckDB jar: $(du -b "$root"/lib/duckdb_jdbc-*.jar | cut -f1) bytes stored (Maven's: $(du -b "$(tr ':' '\n' <<< "$classpath" | grep duckdb_jdbc | head -1)" | cut -f1))"
  echo "travels: ${total_mib} MiB = working tree $tree_bytes bytes + $(basename "$dest") $stage_bytes bytes (limit 64 MiB, budget $limit_mib MiB)"
} | tee "$dest/STAGED"
[ "$total_mib" -le "$limit_mib" ] \
  || { echo "stage.sh: ${total_mib} MiB would travel, over the $limit_mib MiB budget" >&2; exit 1; }

#!/usr/bin/env bash
# Clustering at scale on synthetic faces: time and memory of the neighbour index, the kNN graph and
# every clustering algorithm, with clustering quality (BCubed) and the approximate index's recall.
# The report is printed and saved as .install/bench/clustering-<time>.json.
# Usage: scripts/benchmark-clustering.sh [--sizes 100000,1000000] [other benchmark options]
# BENCH_HEAP sets the heap (default 8g). Run it on a quiet machine: other load lowers every figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="$root/clustering/target/benchmark.classpath"
# The last module built (clustering) writes the file last, so it holds clustering's classpath.
mvn -q -pl clustering -am compile dependency:build-classpath -Dmdep.outputFile="$classpath_file" >&2
classpath="$root/clustering/target/classes:$(cat "$classpath_file")"

mkdir -p .install/bench
# The exact search runs one BLAS call per worker thread; BLAS threads of its own would oversubscribe.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# The vector module lets the pure-Java dot product (used by the approximate index) use SIMD.
exec java -Xmx"${BENCH_HEAP:-8g}" -XX:+UseG1GC --add-modules=jdk.incubator.vector \
  -cp "$classpath" io.faceengine.clustering.bench.ClusteringScaleBenchmark --out-dir .install/bench "$@"

#!/usr/bin/env bash
# Adapter training at scale on synthetic identities (10k, 100k and 1M classes by default), in
# Spark local mode: time to the first step, seconds per step and the full epoch that implies,
# the classifier's memory by formula and as Spark measured it, and the live heap.
# The report is printed and saved as .install/bench/training-<time>.json. Not run by the tests.
# Usage: scripts/benchmark-training.sh [--sizes 10000,100000,1000000] [--steps 20] [--dimension 128]
#        [--shards 8] [--batch 256] [--faces-per-class 2]
# BENCH_HEAP sets the heap (default 8g). Run it on a quiet machine: other load lowers every figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="$root/training/target/benchmark.classpath"
# Compile scope includes the provided Spark jars, which local mode needs on the classpath.
mvn -q -pl training -am compile dependency:build-classpath -Dmdep.includeScope=compile \
  -Dmdep.outputFile="$classpath_file" >&2
classpath="$root/training/target/classes:$(cat "$classpath_file")"
flags="$(sed -n 's:.*<jvm.module.flags>\(.*\)</jvm.module.flags>.*:\1:p' pom.xml)"
[[ -n "$flags" ]] || { echo "cannot read jvm.module.flags from pom.xml" >&2; exit 1; }

mkdir -p .install/bench
# Each shard task runs its own BLAS calls on one core; BLAS threads of its own would oversubscribe.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# shellcheck disable=SC2086 # flags are separate words
exec java $flags -Xmx"${BENCH_HEAP:-8g}" -XX:+UseG1GC -cp "$classpath" \
  io.faceengine.training.bench.TrainingScaleBenchmark --out-dir .install/bench "$@"

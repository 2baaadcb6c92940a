#!/usr/bin/env bash
# Does fine-tuning the whole embedder pay? Half of a labelled domain's people train it, the other
# half (never trained on) measure verification before and after: TAR at FAR 1e-3 and 1e-4.
# Usage:
#   scripts/benchmark-finetune.sh degrade <domain> <out>      build the low-quality benchmark domain
#   scripts/benchmark-finetune.sh run --domain DIR [--also DIR,DIR...] [--mix DIR] [--epochs N] [--lr X] [--batch N] [--preservation X] [--out FILE]
# Not run by the tests. Needs scripts/setup.sh first (models, jemalloc).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

classpath_file="$root/training/target/benchmark.classpath"
mvn -q -pl training -am install -DskipTests >&2
# Test scope too, for the log binding (progress lines).
mvn -q -pl training dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
classpath="$root/training/target/classes:$(cat "$classpath_file")"
mkdir -p .install/djl-cache .install/bench

# libtorch trains about 10x slower on glibc's allocator (page faults); jemalloc keeps its pages.
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [[ -f "$jemalloc" ]]; then
  export LD_PRELOAD="$jemalloc" MALLOC_CONF="dirty_decay_ms:-1,muzzy_decay_ms:-1"
else
  echo "warning: $jemalloc not found (apt-get install libjemalloc2): training will be slow" >&2
fi
java_opts=(-Xmx"${BENCH_HEAP:-6g}" -Dlog4j2.configurationFile="$root/conf/log4j2-run.properties" -Dai.djl.offline=true -DDJL_CACHE_DIR="$root/.install/djl-cache"
  -Dai.djl.pytorch.num_threads="${TRAIN_THREADS:-2}")

command="${1:-}"
shift || true
case "$command" in
  degrade) exec java "${java_opts[@]}" -cp "$classpath" io.faceengine.training.bench.DomainDegradation "$@" ;;
  run) exec java "${java_opts[@]}" -cp "$classpath" io.faceengine.training.bench.FineTuneBenchmark "$@" ;;
  *) echo "usage: $0 degrade <domain> <out> | run --domain DIR [options]" >&2; exit 2 ;;
esac

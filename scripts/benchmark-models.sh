#!/usr/bin/env bash
# Model throughput on this machine: detection images/s and embedding faces/s at batch sizes
# 1, 8, 32, and the raw embedding session's share of the measured FP32 peak.
# Usage: scripts/benchmark-models.sh [IMAGES_DIR] [extra benchmark-models options]
# Run it on a quiet machine: other load lowers every figure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
images="${1:-../shared/data/lfw-dev/images}"
shift || true
jar=jobs/target/face-engine.jar
[[ -f "$jar" ]] || { echo "no $jar: run scripts/setup.sh first" >&2; exit 1; }
command -v gcc >/dev/null || { echo "gcc is needed to measure the FP32 peak (apt-get install gcc)" >&2; exit 1; }

mkdir -p .install/bench target/benchmarks
gcc -O2 -march=native -fopenmp -o .install/bench/fp32-peak scripts/bench/fp32-peak.c
threads=$(nproc)
peak=$(OMP_NUM_THREADS=$threads .install/bench/fp32-peak)
echo "FP32 peak measured with $threads threads: $peak GFLOP/s" >&2

java -jar "$jar" benchmark-models --images "$images" --limit 64 --batch-sizes 1,8,32 \
  --peak-gflops "$peak" --report target/benchmarks/models.json "$@"

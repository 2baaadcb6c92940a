#!/usr/bin/env bash
# The whole run against the models alone, measured in one session on the same images:
#   1. raw model throughput: detection (batch = stages.detectImagesPerBatch) and embedding
#      (batch = embedding.maxBatch) on already-decoded images, from `benchmark-models`;
#   2. the run in local mode (scripts/run-local.sh) on the same images as one set, fresh data root.
# Prints images/s of both and the pipeline's cost over the models: raw images/s / run images/s.
# Usage: scripts/benchmark-pipeline.sh [IMAGES] [DATA_DIR]   (defaults: 600, ../shared/data)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
count="${1:-600}"
data="$(cd "${2:-$root/../shared/data}" && pwd -P)"
jar=jobs/target/face-engine.jar
[[ -f "$jar" ]] || { echo "no $jar: run scripts/setup.sh first" >&2; exit 1; }

work=.install/bench/pipeline
rm -rf "$work" && mkdir -p "$work"
find "$data/lfw-dev/images" -name '*.jpg' | LC_ALL=C sort > "$work/all-images.txt"
head -n "$count" "$work/all-images.txt" > "$work/images.txt"
awk '{printf "{\"set_id\":\"bench\",\"uri\":\"%s\"}\n", $0}' "$work/images.txt" > "$work/manifest.jsonl"

# Throughput does not depend on how many images are timed: 300 of the same images are enough.
java -jar "$jar" benchmark-models --images "$work/images.txt" --limit 300 --batch-sizes 16,32 \
  --seconds 1 --peak-gflops 1 --report "$work/models.json" > /dev/null

start=$(date +%s.%N)
DATA_ROOT="$work/data" scripts/run-local.sh "$work/manifest.jsonl" -- \
  --set "input.manifestRoots=[\"$data\"]" \
  --set "run.jobRepository.url=jdbc:h2:file:$root/$work/job-repository" > "$work/summary.json"
end=$(date +%s.%N)

python3 - "$work" "$start" "$end" <<'PY'
import json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
models = {r["batch"]: r for r in json.load(open(f"{work}/models.json"))["results"]}
summary = json.load(open(f"{work}/summary.json"))
steps = {s["step"]: s for s in summary["steps"]}
images = steps["detect"]["counts"]["images"]
faces = steps["embed"]["counts"]["embedded"]
detect = models[16]["detectionImagesPerSecond"]
embed = models[32]["embeddingFacesPerSecond"]
raw = images / (images / detect + faces / embed)
step_seconds = summary["stepSeconds"]
print(json.dumps({
    "images": images, "facesEmbedded": faces,
    "rawDetectionImagesPerSecond": round(detect, 2), "rawEmbeddingFacesPerSecond": round(embed, 2),
    "rawModelsImagesPerSecond": round(raw, 2),
    "runStepSeconds": round(step_seconds, 1), "runImagesPerSecond": round(images / step_seconds, 2),
    "pipelineCostOverModels": round(raw / (images / step_seconds), 3),
    "wallSecondsIncludingJvmAndSparkStart": round(end - start, 1),
    "stepSeconds": {k: v["seconds"] for k, v in steps.items()},
}, indent=2))
PY

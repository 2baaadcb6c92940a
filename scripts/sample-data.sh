#!/usr/bin/env bash
# Builds the sample input of the local run: a JSONL manifest (set_id, uri) under .install/sample/
# that points at the development faces (four sets from lfw-dev/labels.csv, limited to the first
# PEOPLE people with two or more photos), the group photos, and a set of deliberately bad or
# unusual files (truncated, not an image, empty, CMYK, EXIF-rotated, WebP) so a run shows how they are
# recorded. Prints the manifest's path.
# Usage: scripts/sample-data.sh [DATA_DIR] [PEOPLE]   (DATA_DIR defaults to ../shared/data)
set -euo pipefail
# Under pipefail a reader that stops early (head, grep -q) makes the writer's SIGPIPE the pipeline's
# exit status (141), at random: every pipeline in scripts/ reads its input to the end instead.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
data="$(cd "${1:-$root/../shared/data}" && pwd -P)" || { echo "no data folder: pass the path of the development data" >&2; exit 1; }
people="${2:-40}"
lfw="$data/lfw-dev"
[[ -f "$lfw/labels.csv" ]] || { echo "$lfw/labels.csv not found: see README, 'Test data'" >&2; exit 1; }

out="$root/.install/sample"
bad="$out/odd-files"
mkdir -p "$bad"
manifest="$out/manifest.jsonl"

# Odd files: each one exercises a recorded failure or a decoding path.
first_jpg="$(awk -F, 'NR==2 {sub(/\r$/, ""); print $1}' "$lfw/labels.csv")"
head -c 2000 "$lfw/$first_jpg" > "$bad/truncated.jpg"
printf 'this is a text file, not a photo\n' > "$bad/notes.jpg"
: > "$bad/empty.jpg"
fixtures="$root/pipeline/src/test/resources/images"
for f in quadrants-cmyk.jpg quadrants-exif6.jpg quadrants-lossless.webp; do
  if [[ -f "$fixtures/$f" ]]; then cp "$fixtures/$f" "$bad/$f"; fi
done

{
  # People with at least two photos, first $people of them by name; each photo keeps its set.
  awk -F, '{sub(/\r$/, "")} NR>1 {n[$2]++} END {for (p in n) if (n[p] >= 2) print p}' "$lfw/labels.csv" | sort | awk -v n="$people" 'NR <= n' > "$out/people.txt"
  awk -F, -v root="$lfw" '{sub(/\r$/, "")} NR==FNR {keep[$1]=1; next} FNR>1 && ($2 in keep) {printf "{\"set_id\":\"%s\",\"uri\":\"%s/%s\"}\n", $3, root, $1}' \
    "$out/people.txt" "$lfw/labels.csv"
  for f in "$data"/multi-face/*.jpg; do printf '{"set_id":"group-photos","uri":"%s"}\n' "$f"; done
  for f in "$bad"/*; do printf '{"set_id":"odd-files","uri":"%s"}\n' "$f"; done
} > "$manifest"
echo "$manifest"

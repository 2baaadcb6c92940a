#!/usr/bin/env bash
# Bounded loopback load test of the review API: seeds synthetic review items under a fresh index
# prefix, serves the API in-process on 127.0.0.1 (ephemeral port), runs concurrent annotators
# (list, claim, confirm) and prints a JSON report with latency per endpoint, throughput,
# conflicts, errors and a consistency check (exit code 1 if it fails). Its indices are deleted.
# Usage: scripts/load-review-api.sh [--items 2000] [--annotators 8] [--max-seconds 300]
#        [--max-requests 200000] [--list-limit 20] [--server-threads N] [--contend true] [--es-url URL]
# FACEENGINE_ES_URL picks the Elasticsearch (default: the local one, scripts/elasticsearch.sh url).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

es_url="${FACEENGINE_ES_URL:-$(bash scripts/elasticsearch.sh url 2>/dev/null || echo http://127.0.0.1:9200)}"
mvn -q -pl annotation-ui-api -am package -DskipTests >&2
exec java -Xmx"${LOAD_HEAP:-1g}" -cp annotation-ui-api/target/face-engine-review-api.jar \
  io.faceengine.api.load.ReviewApiLoad --es-url "$es_url" "$@"

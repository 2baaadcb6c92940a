#!/usr/bin/env bash
# The project's test command: mvn -B verify from the project root, then the README smoke test
# (scripts/smoke-test.sh). Extra arguments go to Maven and skip the smoke test,
# e.g. scripts/test.sh -pl clustering -am
# Run scripts/setup.sh once first (tests read the model files from models/).
#
# The integration tests talk to a real Elasticsearch. By default this script starts the local
# one (scripts/elasticsearch.sh start) and, if it was not running before, stops it again at the
# end. Set FACEENGINE_ES_URL (the address every command reads) to test against a running
# cluster instead; the tests create and delete their own randomly named indices there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

if [[ -n "${FACEENGINE_ES_URL:-}" ]]; then
  es_url="$FACEENGINE_ES_URL"
else
  es_status=0
  bash scripts/elasticsearch.sh status >/dev/null 2>&1 || es_status=$?
  bash scripts/elasticsearch.sh start
  # Status 3 = this install was not running: leave the machine as we found it.
  if [[ "$es_status" == 3 ]]; then
    trap 'bash "$ROOT/scripts/elasticsearch.sh" stop' EXIT
  fi
  es_url="$(bash scripts/elasticsearch.sh url)"
fi

mvn -B verify -Dfaceengine.es.url="$es_url" "$@"

# Every command line the README shows, as a user types it (only for the whole suite: extra Maven
# arguments select a part of it).
if [[ $# -eq 0 ]]; then
  FACEENGINE_ES_URL="$es_url" bash scripts/smoke-test.sh
fi

#!/usr/bin/env bash
# Smoke test of what a user types: every command line of README.md's ```sh blocks, run as
# written from the project root, in order; the first failure fails the test. Then the scripts'
# own checks (pipelines that cannot die of SIGPIPE). scripts/test.sh runs it after the Maven tests.
#
# As written, except:
#   - the data root .install/data is a fresh temporary folder (DATA_ROOT, and the path replaced
#     in the lines), so the test neither reads nor adds to the checkout's runs;
#   - lines that start a run or the review API get a fresh Elasticsearch index prefix appended
#     (--set elasticsearch.indexPrefix=…), and runs, restarts and status a job repository in the
#     temporary folder (--set run.jobRepository.url=…), so they neither read nor change anyone's
#     registry, review queue or executions; the indices are deleted by name at the end;
#   - the review API's line starts the server in the background; the line passes when the review
#     page answers, then the server is stopped;
#   - lines listed in SKIPPED below are not run, each for the reason given there.
# Outputs the README writes under /tmp/face-engine-* are removed first.
#
# Usage: scripts/smoke-test.sh [README]   (needs scripts/setup.sh done and Elasticsearch, like a run)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
readme="${1:-README.md}"

# Line prefix -> why it is not run. Keep this short: every other documented line runs.
declare -A SKIPPED=(
  ["scripts/setup.sh && scripts/test.sh"]="it is the test suite that runs this smoke test"
  ["MASTER="]="needs a YARN, Kubernetes or standalone cluster"
)

log() { printf '[smoke] %s\n' "$*" >&2; }
fail() { printf '[smoke] FAILED: %s\n' "$*" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/readme-smoke.XXXXXX")"
prefix="smoke-$(basename "$work" | tr -dc 'a-zA-Z0-9' | tr 'A-Z' 'a-z')"
es_url="${FACEENGINE_ES_URL:-http://127.0.0.1:9200}"
es_url="${es_url%%,*}"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  local index
  for index in $(curl -fsS "$es_url/_cat/indices/$prefix-*?h=index" 2>/dev/null || true); do
    curl -fsS -X DELETE "$es_url/$index" > /dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
export DATA_ROOT="$work/data"

# ---------------------------------------------------------------- scripts' own checks
# Under pipefail a reader that stops early (head, grep -q, sed q) turns the writer's SIGPIPE into
# the pipeline's status 141, at random. No script may pipe into one.
early_exit='\|[[:space:]]*(head([[:space:]]|$)|grep[[:space:]]+(-[a-zA-Z]*[qm]|--quiet|--max-count))'
if offenders="$(grep -nE "$early_exit" scripts/*.sh .ci/run)"; then
  fail "pipes into a reader that stops early (exit 141 under pipefail):"$'\n'"$offenders"
fi
for i in $(seq 20); do
  scripts/sample-data.sh > /dev/null || fail "scripts/sample-data.sh exited $? (run $i of 20)"
done
log "scripts: no early-exit pipes; sample-data.sh exited 0 twenty times"

# ---------------------------------------------------------------- README lines
# Command lines of the ```sh blocks: continuation lines joined, comments and blanks dropped.
mapfile -t lines < <(awk '
  /^```sh[[:space:]]*$/ { inside = 1; next }
  /^```/ { inside = 0; next }
  inside {
    if (sub(/\\$/, "")) { pending = pending $0; next }
    line = pending $0; pending = ""
    if (line ~ /^[[:space:]]*(#|$)/) next
    print line
  }' "$readme")
(( ${#lines[@]} > 0 )) || fail "no \`\`\`sh blocks in $readme"
rm -rf /tmp/face-engine-*

skip_reason() {
  local prefix
  for prefix in "${!SKIPPED[@]}"; do
    [[ "$1" == "$prefix"* ]] && { printf '%s' "${SKIPPED[$prefix]}"; return 0; }
  done
  return 1
}

# The same line, on this test's own indices and job repository.
with_own_state() {
  local line="$1" es="--set elasticsearch.indexPrefix=$prefix" repo="--set run.jobRepository.url=jdbc:h2:file:$work/job-repository/face-engine"
  case "$line" in
    *"face-engine-review-api.jar"*) printf '%s elasticsearch.indexPrefix=%s' "$line" "$prefix" ;;
    *"standalone-cluster.sh"*) printf '%s %s %s' "$line" "$es" "$repo" ;;
    *"scripts/run-local.sh status"* | *"scripts/run-local.sh restart"* | *"scripts/run-local.sh evaluate"* \
      | *"scripts/run-local.sh retrain"* | *"scripts/run-local.sh export"* | *"submit.sh status"* | *"face-engine.jar status"*)
      printf '%s %s' "$line" "$repo" ;;
    *"scripts/run-local.sh"*" -- "*) printf '%s %s %s' "$line" "$es" "$repo" ;;
    *"scripts/run-local.sh"*) printf '%s -- %s %s' "$line" "$es" "$repo" ;;
    *) printf '%s' "$line" ;;
  esac
}

start_server() {
  local line="$1" port
  port="$(sed -n 's/.*--port[ =]\([0-9]*\).*/\1/p' <<<"$line")"
  port="${port:-8088}"
  bash -c "exec $line" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/review/" 2>/dev/null; then
      kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 1
  done
  cat "$work/server.log" >&2
  return 1
}

ran=0 skipped=0 t0=$SECONDS
for line in "${lines[@]}"; do
  if reason="$(skip_reason "$line")"; then
    log "skip: $line  ($reason)"
    skipped=$((skipped + 1))
    continue
  fi
  command="$(with_own_state "${line//.install\/data/$DATA_ROOT}")"
  log "run:  $line"
  t=$SECONDS
  if [[ "$command" == *face-engine-review-api.jar* ]]; then
    start_server "$command" || fail "the review API did not serve its page: $line"
  else
    rc=0
    bash -euo pipefail -c "$command" > "$work/out.log" 2>&1 || rc=$?
    (( rc == 0 )) || { tail -n 40 "$work/out.log" >&2; fail "exit $rc: $line"; }
  fi
  log "      ok in $((SECONDS - t)) s"
  ran=$((ran + 1))
done
log "README: $ran command lines ran, $skipped skipped, in $((SECONDS - t0)) s"

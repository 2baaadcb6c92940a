#!/usr/bin/env bash
# A real local Elasticsearch 8.19 for development and integration tests.
#
#   scripts/elasticsearch.sh start    install once if needed, start, wait until healthy
#   scripts/elasticsearch.sh wait     wait (up to ES_WAIT_SECONDS, default 90) for health yellow
#   scripts/elasticsearch.sh status   print whether it runs, and the cluster health
#   scripts/elasticsearch.sh stop     stop it (via its pid file)
#   scripts/elasticsearch.sh url      print its base URL (what the tests and the config need)
#
# `start` is idempotent: when this install already runs it only waits for health. When another
# Elasticsearch (say, another checkout's) already answers on the port, it warns loudly, naming
# that server's cluster, version and data folder, and leaves it to be used: it is not this install.
#
# Environment:
#   FACEENGINE_ES_URL  Elasticsearch's address, read by every command and script (default
#                    http://127.0.0.1:9200); a 127.0.0.1/localhost URL sets the local server's
#                    port, any other host means there is nothing to start here
#   ES_WAIT_SECONDS  how long `wait` and `start` wait for health (default 90)
#   ES_JAVA_HOME     JDK to run it with (default: the oldest JDK 21+ under
#                    /usr/lib/jvm, else the home of the `java` on PATH)
#   ES_BASE          folder for the install, data, logs and pid file (default: see below)
#
# The distribution is Maven Central's org.elasticsearch.distribution.integ-test-zip
# artifact: a stripped Elasticsearch (no bundled JDK, few modules; `GET /` is not
# served, so health is read from /_cluster/health). It is downloaded into
# .install/ with Maven and unzipped once. Security and ML are off, it binds to
# 127.0.0.1 only, single node. Nothing here is for production.
#
# Elasticsearch refuses to run as root. When this script runs as root it creates
# a system user faceengine-es and runs Elasticsearch as that user; otherwise it
# runs as the current user. The install, data, logs and pid file normally live
# in .install/ of the project (.install/elasticsearch-<version>/, .install/es-data,
# .install/es-logs, .install/es-run). If the faceengine-es user cannot reach that
# folder (for example the project lies under a home directory that other users
# cannot traverse), they go to /var/tmp/faceengine-es instead; the script checks
# this each time rather than assuming it, and says where it puts them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

ES_VERSION=8.19.21
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_USER=faceengine-es
ES_FALLBACK_BASE=/var/tmp/faceengine-es
CLUSTER_NAME=faceengine-dev
DOWNLOAD_DIR="$ROOT/.install"
ES_ZIP="$DOWNLOAD_DIR/elasticsearch-$ES_VERSION.zip"
WAIT_SECONDS="${ES_WAIT_SECONDS:-90}"

log()  { printf '[elasticsearch] %s\n' "$*"; }
warn() { printf '[elasticsearch] WARNING: %s\n' "$*" >&2; }
die()  { printf '[elasticsearch] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ "$(id -u)" == 0 ]]; }
user_exists() { id -u "$ES_USER" >/dev/null 2>&1; }

# Run a command as the user Elasticsearch runs as.
as_es() {
  if is_root; then runuser -u "$ES_USER" -- "$@"; else "$@"; fi
}

# ---------------------------------------------------------------- locations
# Sets ES_BASE, ES_HOME, ES_DATA, ES_LOGS, ES_RUN, ES_TMP, PID_FILE, ES_CONF.
# With create=1 (start) it may create the user and folders.
resolve_paths() {
  local create="${1:-0}"
  if [[ -n "${ES_BASE:-}" ]]; then
    :
  elif ! is_root; then
    ES_BASE="$DOWNLOAD_DIR"
  else
    if ! user_exists; then
      if [[ "$create" == 1 ]]; then
        have useradd || die "useradd not found: cannot create the system user $ES_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
          --shell /usr/sbin/nologin "$ES_USER"
        log "created system user $ES_USER (Elasticsearch refuses to run as root)"
      else
        # Never started by this script as that user: look in the default place.
        ES_BASE="$DOWNLOAD_DIR"
      fi
    fi
    if [[ -z "${ES_BASE:-}" ]]; then
      [[ "$create" == 1 ]] && mkdir -p "$DOWNLOAD_DIR"
      # Can the unprivileged user traverse every folder down to .install/?
      if [[ -d "$DOWNLOAD_DIR" ]] && runuser -u "$ES_USER" -- test -x "$DOWNLOAD_DIR" 2>/dev/null; then
        ES_BASE="$DOWNLOAD_DIR"
      else
        ES_BASE="$ES_FALLBACK_BASE"
        [[ "$create" == 1 ]] && log "user $ES_USER cannot reach $DOWNLOAD_DIR; using $ES_BASE for the install, data and logs"
      fi
    fi
  fi
  ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
  ES_DATA="$ES_BASE/es-data"
  ES_LOGS="$ES_BASE/es-logs"
  ES_RUN="$ES_BASE/es-run"
  ES_TMP="$ES_BASE/es-tmp"
  PID_FILE="$ES_RUN/elasticsearch.pid"
  ES_CONF="$ES_HOME/config/elasticsearch.yml"
}

# The address every command reads (FACEENGINE_ES_URL, else the configuration's default). Sets
# ES_URL, and PORT when it names this machine (REMOTE=1 otherwise).
resolve_port() {
  [[ -z "${ES_PORT:-}" ]] || die "ES_PORT is not read any more: set FACEENGINE_ES_URL=http://127.0.0.1:$ES_PORT (every command and script reads it)"
  ES_URL="${FACEENGINE_ES_URL:-http://127.0.0.1:9200}"
  ES_URL="${ES_URL%/}"
  REMOTE=0
  if [[ "$ES_URL" =~ ^http://(127\.0\.0\.1|localhost):([0-9]+)$ ]]; then
    PORT="${BASH_REMATCH[2]}"
  elif [[ "$ES_URL" =~ ^https?://[^/]+$ ]]; then
    REMOTE=1
  else
    die "FACEENGINE_ES_URL must look like http://host:port, got '$ES_URL'"
  fi
}

# For commands that act on this machine's install.
require_local() {
  (( REMOTE == 0 )) || die "FACEENGINE_ES_URL=$ES_URL is not on this machine (127.0.0.1 or localhost): nothing to $1 here"
}

# "cluster 'x', Elasticsearch 8.19.21, node 'n', data in /path" of whatever answers on the port.
describe_server() {
  local health nodes cluster version node data
  health="$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/_cluster/health" 2>/dev/null || true)"
  nodes="$(curl -fsS --max-time 5 "http://127.0.0.1:$PORT/_nodes/_local?filter_path=nodes.*.version,nodes.*.name,nodes.*.settings.path.data" 2>/dev/null || true)"
  cluster="$(sed -n 's/.*"cluster_name":"\([^"]*\)".*/\1/p' <<<"$health")"
  version="$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' <<<"$nodes")"
  node="$(sed -n 's/.*"name":"\([^"]*\)".*/\1/p' <<<"$nodes")"
  data="$(sed -n 's/.*"data":\[*"\([^"]*\)".*/\1/p' <<<"$nodes")"
  printf "cluster '%s', Elasticsearch %s, node '%s', data in %s" \
    "${cluster:-?}" "${version:-?}" "${node:-?}" "${data:-?}"
}

# ---------------------------------------------------------------- JDK
java_major() {
  local spec
  spec="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | awk 'NR == 1')"
  spec="${spec#1.}"
  printf '%s' "${spec%%.*}"
}

pick_java_home() {
  if [[ -n "${ES_JAVA_HOME:-}" ]]; then
    [[ -x "$ES_JAVA_HOME/bin/java" ]] || die "ES_JAVA_HOME=$ES_JAVA_HOME has no bin/java"
    printf '%s' "$ES_JAVA_HOME"; return
  fi
  local j home v best="" best_v=0
  for j in /usr/lib/jvm/*/bin/java; do
    [[ -x "$j" ]] || continue
    v="$(java_major "$j")"
    [[ "$v" =~ ^[0-9]+$ ]] || continue
    home="$(dirname "$(dirname "$(readlink -f "$j")")")"
    # The oldest JDK that is 21 or newer: supported by Elasticsearch 8.19 and least surprising.
    if (( v >= 21 )) && { [[ -z "$best" ]] || (( v < best_v )); }; then best="$home"; best_v="$v"; fi
  done
  if [[ -z "$best" ]]; then
    have java || die "no JDK found: install one (Debian: apt-get install openjdk-17-jdk-headless) or set ES_JAVA_HOME"
    best="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    v="$(java_major "$best/bin/java")"
    [[ "$v" =~ ^[0-9]+$ ]] && (( v >= 17 )) || die "Elasticsearch 8.19 needs Java 17+ (21+ preferred); found Java $v at $best"
  fi
  printf '%s' "$best"
}

# ---------------------------------------------------------------- install
download_zip() {
  if [[ -f "$ES_ZIP" ]] && unzip -tqq "$ES_ZIP" >/dev/null 2>&1; then return 0; fi
  have mvn || die "mvn not found: needed to download $ES_ARTIFACT"
  rm -f "$ES_ZIP"
  mkdir -p "$DOWNLOAD_DIR"
  log "downloading $ES_ARTIFACT with Maven"
  # Run where there is no pom.xml, so Maven does not load the project's reactor.
  (cd "$DOWNLOAD_DIR" && mvn -B -q dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$DOWNLOAD_DIR") \
    || die "download of $ES_ARTIFACT failed"
  unzip -tqq "$ES_ZIP" >/dev/null 2>&1 || { rm -f "$ES_ZIP"; die "downloaded $ES_ZIP is not a valid zip (deleted)"; }
}

install_es() {
  local marker="$ES_HOME/.unpacked"
  if [[ -f "$marker" && -x "$ES_HOME/bin/elasticsearch" ]]; then return 0; fi
  have unzip || die "unzip not found (Debian: apt-get install unzip)"
  download_zip
  mkdir -p "$ES_BASE"
  local tmp
  tmp="$(mktemp -d "$ES_BASE/.unzip.XXXXXX")"
  log "unpacking into $ES_HOME"
  unzip -q "$ES_ZIP" -d "$tmp" || { rm -rf "$tmp"; die "unzip of $ES_ZIP failed"; }
  [[ -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ]] || { rm -rf "$tmp"; die "unexpected layout in $ES_ZIP"; }
  rm -rf "$ES_HOME"
  mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
  rmdir "$tmp"
  touch "$marker"
}

write_config() {
  local conf
  conf="# Written by scripts/elasticsearch.sh; rewritten on each start.
cluster.name: $CLUSTER_NAME
node.name: $CLUSTER_NAME-1
network.host: 127.0.0.1
http.port: $PORT
discovery.type: single-node
xpack.security.enabled: false
xpack.ml.enabled: false
path.data: $ES_DATA
path.logs: $ES_LOGS"
  if [[ ! -f "$ES_CONF" || "$(cat "$ES_CONF")" != "$conf" ]]; then
    printf '%s\n' "$conf" > "$ES_CONF"
  fi
}

prepare_dirs() {
  mkdir -p "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP"
  if is_root; then
    chmod 755 "$ES_BASE"
    local d
    for d in "$ES_HOME" "$ES_DATA" "$ES_LOGS" "$ES_RUN" "$ES_TMP"; do
      if [[ -n "$(find "$d" ! -user "$ES_USER" -print -quit)" ]]; then
        chown -R "$ES_USER:$ES_USER" "$d"
      fi
    done
  fi
}

# ---------------------------------------------------------------- process
# Prints the pid when the pid file names a live Elasticsearch process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" == *org.elasticsearch* ]] || return 1
  printf '%s' "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

health() {
  curl -fsS --max-time "${2:-5}" "http://127.0.0.1:$PORT/_cluster/health${1:-}"
}

log_tail() {
  local f="$ES_LOGS/$CLUSTER_NAME.log"
  if [[ -f "$f" ]]; then
    printf '[elasticsearch] last lines of %s:\n' "$f" >&2
    tail -n 30 "$f" >&2
  fi
}

do_wait() {
  local t0=$SECONDS pid
  while (( SECONDS - t0 < WAIT_SECONDS )); do
    if health '?wait_for_status=yellow&timeout=5s' 7 >/dev/null 2>&1; then
      log "healthy (status yellow or green) on http://127.0.0.1:$PORT after $((SECONDS - t0)) s of waiting"
      return 0
    fi
    if [[ -f "$PID_FILE" ]] && ! pid="$(running_pid)"; then
      log_tail; die "Elasticsearch is no longer running"
    fi
    sleep 1
  done
  log_tail
  die "no healthy Elasticsearch on http://127.0.0.1:$PORT after $WAIT_SECONDS s"
}

do_start() {
  have curl || die "curl not found (Debian: apt-get install curl)"
  resolve_port
  if (( REMOTE == 1 )); then
    log "FACEENGINE_ES_URL=$ES_URL is not on this machine: nothing to start, commands use it as it is"
    return 0
  fi
  resolve_paths 1
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid) from $ES_HOME"
    do_wait
    return 0
  fi
  rm -f "$PID_FILE"
  if port_in_use "$PORT"; then
    if health '' 5 >/dev/null 2>&1; then
      warn "***************************************************************************"
      warn "NOT THIS INSTALL: an Elasticsearch this script did not start already answers"
      warn "on http://127.0.0.1:$PORT: $(describe_server)."
      warn "This install ($ES_HOME) is NOT started; commands will use that server, its"
      warn "indices and its data. To use this install instead, stop that server or set"
      warn "FACEENGINE_ES_URL=http://127.0.0.1:<free port> for every command."
      warn "Each data root binds the indices of its elasticsearch.indexPrefix: a second data root needs a"
      warn "prefix of its own (runs and the review API refuse another data root's indices)."
      warn "***************************************************************************"
      return 0
    fi
    die "port $PORT on 127.0.0.1 is already in use by another process; set FACEENGINE_ES_URL=http://127.0.0.1:<free port>"
  fi

  install_es
  write_config
  prepare_dirs

  local java_home t0=$SECONDS
  java_home="$(pick_java_home)"
  : > "$ES_LOGS/startup.out"
  if is_root; then chown "$ES_USER:$ES_USER" "$ES_LOGS/startup.out"; fi
  log "starting Elasticsearch $ES_VERSION on 127.0.0.1:$PORT (JDK $java_home, user $(is_root && echo "$ES_USER" || id -un))"
  if ! (cd "$ES_HOME" && as_es env \
          ES_JAVA_HOME="$java_home" \
          ES_JAVA_OPTS="-Xms512m -Xmx512m" \
          ES_TMPDIR="$ES_TMP" \
          ES_PATH_CONF="$ES_HOME/config" \
          "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE") >"$ES_LOGS/startup.out" 2>&1; then
    printf '[elasticsearch] output of the launcher (%s):\n' "$ES_LOGS/startup.out" >&2
    tail -n 40 "$ES_LOGS/startup.out" >&2
    die "Elasticsearch failed to start"
  fi
  do_wait
  log "started in $((SECONDS - t0)) s (pid $(running_pid || echo '?')); data in $ES_DATA, logs in $ES_LOGS"
}

do_stop() {
  resolve_port
  require_local stop
  resolve_paths 0
  local pid i
  if ! pid="$(running_pid)"; then
    log "not running"
    rm -f "$PID_FILE" 2>/dev/null || true
    return 0
  fi
  log "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "still running after 60 s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  rm -f "$PID_FILE" 2>/dev/null || true
  log "stopped"
}

do_status() {
  resolve_port
  require_local "report"
  resolve_paths 0
  local pid
  if ! pid="$(running_pid)"; then
    log "not running"
    return 3
  fi
  log "running (pid $pid) from $ES_HOME, http://127.0.0.1:$PORT"
  if health '?pretty' 5; then
    return 0
  fi
  warn "the process runs but http://127.0.0.1:$PORT/_cluster/health does not answer"
  return 1
}

do_url() {
  resolve_port
  printf '%s\n' "$ES_URL"
}

do_wait_cmd() {
  have curl || die "curl not found (Debian: apt-get install curl)"
  resolve_port
  require_local "wait for"
  resolve_paths 0
  do_wait
}

case "${1:-}" in
  start)  do_start ;;
  stop)   do_stop ;;
  status) do_status ;;
  wait)   do_wait_cmd ;;
  url)    do_url ;;
  *) echo "usage: $(basename "$0") start|stop|status|wait|url" >&2; exit 2 ;;
esac

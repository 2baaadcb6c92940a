#!/usr/bin/env bash
# Runs the face engine on this machine the way a cluster runs it: through Spark's own launcher
# (org.apache.spark.deploy.SparkSubmit, the code path of spark-submit) with --master local[*].
# No Spark distribution is needed: Spark's jars are copied once from Maven into
# .install/spark-jars (scripts/spark-jars.sh).
#
# Usage:
#   scripts/run-local.sh [INPUT...] [-- RUN_OPTIONS...]   start a run; prints its summary JSON
#   scripts/run-local.sh restart EXECUTION_ID [OPTIONS...] restart a failed run from its failed step
#   scripts/run-local.sh status [EXECUTION_ID] [OPTIONS...] recent runs and their steps
#   scripts/run-local.sh evaluate --labels CSV [--data-root D] [OPTIONS...]  score the committed runs against labels
#   scripts/run-local.sh retrain [--data-root D] [OPTIONS...]  train an adapter version on the latest manifest
#   scripts/run-local.sh export --out DIR [--data-root D] [OPTIONS...]  write a manifest as a training layout
#
# INPUT: a directory whose subfolders are sets, or a manifest (.jsonl / .csv with set_id,uri).
# Default: the bundled sample, the manifest scripts/sample-data.sh builds (four sets of the
# development faces, group photos and deliberately odd files).
# RUN_OPTIONS: any `run` option, e.g. -- --set testing.failOnceInStep=detect --config my.yaml
#
# Environment:
#   DATA_ROOT      where runs write their tables and evaluate/retrain/export read them (default .install/data)
#   DRIVER_MEMORY  heap of the local Spark driver, which also runs the executors (default 3g)
#   SPARK_OPTIONS  more spark-submit options, e.g. "--conf spark.sql.shuffle.partitions=8"
#   FACEENGINE_ES_URL  Elasticsearch's address, read by every command (default http://127.0.0.1:9200;
#                      a local address is started by scripts/elasticsearch.sh when nothing answers)
#
# The job repository (what makes restart work) is an H2 file under .install/job-repository,
# from run.jobRepository in conf/face-engine.yaml; restart and status find it from the same folder.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"

jar=jobs/target/face-engine.jar
data_root="${DATA_ROOT:-.install/data}"

die() { printf 'run-local: %s\n' "$*" >&2; exit 1; }

[[ -f "$jar" ]] || die "no $jar: build first (scripts/setup.sh, or mvn -B install -DskipTests)"

spark_jars="$(scripts/spark-jars.sh)"

# The JVM module flags Spark's launcher adds, kept in one place: the parent pom.
flags="$(sed -n 's:.*<jvm.module.flags>\(.*\)</jvm.module.flags>.*:\1:p' pom.xml)"
[[ -n "$flags" ]] || die "cannot read jvm.module.flags from pom.xml"

case "${1:-}" in
  restart|status)
    args=("$@")
    ;;
  evaluate|retrain|export)
    # These read a data root: DATA_ROOT when set and no --data-root is given, as a run writes it.
    args=("$@")
    if [[ -n "${DATA_ROOT:-}" && " $* " != *" --data-root "* && " $* " != *" --data-root="* ]]; then
      args+=(--data-root "$DATA_ROOT")
    fi
    ;;
  *)
    [[ "${1:-}" == run ]] && shift
    inputs=()
    while [[ $# -gt 0 && "$1" != -- ]]; do inputs+=("$1"); shift; done
    [[ "${1:-}" == -- ]] && shift
    sample_roots=()
    if [[ ${#inputs[@]} -eq 0 ]]; then
      inputs=("$(scripts/sample-data.sh)")
      # The sample manifest names the development photos, outside its own folder: allow that folder.
      sample_roots=(--set "input.manifestRoots=[\"$(cd "$root/../shared/data" && pwd -P)\"]")
    fi
    args=(run --data-root "$data_root")
    for input in "${inputs[@]}"; do args+=(--input "$input"); done
    args+=("${sample_roots[@]+"${sample_roots[@]}"}")
    args+=("$@")
    ;;
esac

# Runs keep the identity registry and the review queue in Elasticsearch: make sure the local one
# is up (it is left running for the review API). The engine reads FACEENGINE_ES_URL itself;
# elasticsearch.sh starts nothing when it names another machine.
if [[ "${args[0]}" == run || "${args[0]}" == restart ]]; then
  scripts/elasticsearch.sh start >&2
fi

# Network retraining (libtorch) runs about 10x slower on glibc's allocator (page faults); set-up
# installs jemalloc, which keeps its pages. DJL takes libtorch from the jar, never from the network.
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
if [[ -f "$jemalloc" && -z "${LD_PRELOAD:-}" ]]; then
  export LD_PRELOAD="$jemalloc" MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
fi
flags="$flags -Dai.djl.offline=true"

# The exact neighbour search runs its own threads; a multi-threaded native BLAS under it would
# oversubscribe the cores.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# Loopback only: this host's name may resolve to an address Spark should not bind.
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086 # flags and SPARK_OPTIONS are separate words
exec java $flags -Xmx"${DRIVER_MEMORY:-3g}" \
  -Dfaceengine.launcher=scripts/run-local.sh \
  -Dlog4j2.configurationFile="$root/conf/log4j2-run.properties" \
  -cp "$spark_jars/*" org.apache.spark.deploy.SparkSubmit \
  --master 'local[*]' \
  --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 \
  ${SPARK_OPTIONS:-} \
  --class io.faceengine.jobs.cli.FaceEngineCli \
  "$jar" "${args[@]}"

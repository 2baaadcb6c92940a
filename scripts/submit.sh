#!/usr/bin/env bash
# Submits the face engine to a Spark cluster: the cluster form of scripts/run-local.sh.
#
# Usage:
#   MASTER=yarn scripts/submit.sh run --input hdfs:///photos/2025-06 --data-root hdfs:///face-engine \
#       [--config my.yaml] [--set key=value]...
#   MASTER=yarn scripts/submit.sh restart EXECUTION_ID [--config my.yaml] [--set key=value]...
#   scripts/submit.sh status [EXECUTION_ID]      (no cluster needed: java -jar face-engine.jar status)
#
# What it runs:
#   spark-submit --master $MASTER --deploy-mode $DEPLOY_MODE --conf … \
#     --class io.faceengine.jobs.cli.FaceEngineCli jobs/target/face-engine.jar run …
#
# Environment:
#   MASTER            Spark master URL (required): yarn, spark://host:7077, k8s://https://host:6443
#   DEPLOY_MODE       client (default) or cluster; see "job repository" below
#   SPARK_SUBMIT      the spark-submit to use (default: spark-submit on PATH)
#   NUM_EXECUTORS, EXECUTOR_CORES (default 4), EXECUTOR_MEMORY (default 4g), DRIVER_MEMORY (default 4g)
#   SPARK_OPTIONS     more spark-submit options, e.g. "--queue batch --conf spark.sql.shuffle.partitions=200"
#
# Data root: give --data-root as a URI every executor can reach (hdfs://, s3a://); a local path
# would be a different folder on each machine. The commit replaces committed-runs.json with an
# atomic rename, which holds on HDFS and local disks but not on object stores (see RunFiles).
#
# Models: the driver reads the model files (models.directory, default models/ under the working
# directory) and broadcasts their bytes to the executors, so executors need no model files.
# In client mode the driver is this machine. In cluster mode the driver runs on a cluster node:
# ship the folder with it, e.g. SPARK_OPTIONS="--archives models.tgz#models" (YARN) and
# --set models.directory=models. With several cores per executor, --set models.intraOpThreads=1
# keeps ONNX Runtime from oversubscribing them (that is also what 0 means on executors).
#
# Elasticsearch: FACEENGINE_ES_URL (the address every command reads; or elasticsearch.url in the
# config) must be reachable from the driver. It is passed on as --set elasticsearch.url=…, so the
# driver gets it in cluster mode too. Executors never talk to Elasticsearch.
#
# Job repository: the driver records every execution in it, which is what lets `restart` resume a
# failed run at its failed step from another process. The default is an H2 file under the
# driver's working directory (.install/job-repository): fine in client mode from one machine.
# In cluster mode, or when several machines launch runs, use a shared database:
#   --set run.jobRepository.url=jdbc:postgresql://db:5432/faceengine --set run.jobRepository.user=engine
# and the password in the driver's environment as FACE_ENGINE_JOB_REPOSITORY_PASSWORD
# (cluster mode: --conf spark.yarn.appMasterEnv.FACE_ENGINE_JOB_REPOSITORY_PASSWORD=… on YARN,
# spark.kubernetes.driverEnv.… on Kubernetes). Repository settings are never stored with a run;
# pass the same ones to restart and status.
#
# JVM module flags: spark-submit (Spark 4) adds them to the driver and executors itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
jar="$root/jobs/target/face-engine.jar"

die() { printf 'submit: %s\n' "$*" >&2; exit 1; }

[[ -f "$jar" ]] || die "no $jar: build first (scripts/setup.sh, or mvn -B install -DskipTests)"
[[ $# -gt 0 ]] || die "usage: MASTER=… scripts/submit.sh run|restart|status [options] (see the header)"

args=("$@")
# In cluster mode the driver does not see this environment: hand the address over explicitly.
if [[ -n "${FACEENGINE_ES_URL:-}" ]]; then
  args+=(--set "elasticsearch.url=$FACEENGINE_ES_URL")
fi

if [[ "$1" == status ]]; then
  # Reading the job repository needs no Spark.
  exec java -jar "$jar" "${args[@]}"
fi

[[ -n "${MASTER:-}" ]] || die "set MASTER to the Spark master URL (yarn, spark://host:7077, k8s://…)"
submit="${SPARK_SUBMIT:-spark-submit}"
command -v "$submit" >/dev/null || die "$submit not found: install Spark 4.2 (Scala 2.13) or set SPARK_SUBMIT"

options=(--master "$MASTER" --deploy-mode "${DEPLOY_MODE:-client}"
  --name "face-engine $1"
  --driver-memory "${DRIVER_MEMORY:-4g}"
  --executor-memory "${EXECUTOR_MEMORY:-4g}"
  --executor-cores "${EXECUTOR_CORES:-4}"
  --conf spark.driver.extraJavaOptions="-Dfaceengine.launcher=scripts/submit.sh -Dlog4j2.configurationFile=$root/conf/log4j2-run.properties")
[[ -n "${NUM_EXECUTORS:-}" ]] && options+=(--num-executors "$NUM_EXECUTORS")

# shellcheck disable=SC2086 # SPARK_OPTIONS holds separate words
exec "$submit" "${options[@]}" ${SPARK_OPTIONS:-} \
  --class io.faceengine.jobs.cli.FaceEngineCli "$jar" "${args[@]}"

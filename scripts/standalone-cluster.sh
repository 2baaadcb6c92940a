#!/usr/bin/env bash
# Runs the main job on a real multi-process Spark: a standalone master and one worker (two
# cores) on 127.0.0.1, started from Spark's jars, then the same application jar submitted to
# them in client mode, where the worker runs two one-core executors (separate JVMs, so tasks,
# broadcasts and shuffles cross processes). One worker instead of two saves a JVM start; the
# executors are what run the job. Stops the cluster afterwards (also on failure).
# Usage: scripts/standalone-cluster.sh [run options…]   (default: the sample input)
# STANDALONE_WAIT_SECONDS: how long to wait for the worker to register (default 300).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
jar=jobs/target/face-engine.jar
[[ -f "$jar" ]] || { echo "no $jar: run scripts/setup.sh first" >&2; exit 1; }

# A minimal Spark home: workers build executor command lines from <home>/jars. Outside a Spark
# build tree the launcher needs to be told the Scala version instead of finding it.
spark_home="$root/.install/spark-home"
jars="$(scripts/spark-jars.sh)"
mkdir -p "$spark_home"
ln -sfn "$jars" "$spark_home/jars"
export SPARK_SCALA_VERSION=2.13

flags=$(sed -n 's/.*<jvm.module.flags>\(.*\)<\/jvm.module.flags>.*/\1/p' pom.xml)
port=${SPARK_MASTER_PORT:-17077}
logs="$root/.install/standalone-logs"
mkdir -p "$logs"
export SPARK_HOME="$spark_home" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$logs"
pids=()
stop_cluster() { for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_cluster EXIT

# shellcheck disable=SC2086
java $flags -Xmx512m -cp "$jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 0 > "$logs/master.out" 2>&1 &
pids+=($!)
# Room for two executors of 2g each.
# shellcheck disable=SC2086
java $flags -Xmx512m -cp "$jars/*" org.apache.spark.deploy.worker.Worker \
  --host 127.0.0.1 --cores 2 --memory 5g --webui-port 0 --work-dir "$logs/worker" \
  "spark://127.0.0.1:$port" > "$logs/worker.out" 2>&1 &
pids+=($!)
# A loaded machine can take minutes to start two JVMs: wait up to STANDALONE_WAIT_SECONDS (300).
registered=0
for _ in $(seq 1 "${STANDALONE_WAIT_SECONDS:-300}"); do
  registered=$(grep -c "Registering worker" "$logs/master.out" 2>/dev/null || true)
  (( registered >= 1 )) && break
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "a cluster process (pid $p) died; see $logs" >&2; exit 1; }; done
  sleep 1
done
(( registered >= 1 )) || { echo "the worker did not register in ${STANDALONE_WAIT_SECONDS:-300} s; see $logs" >&2; exit 1; }
echo "standalone master spark://127.0.0.1:$port with one worker of two cores" >&2

# The run needs Elasticsearch (FACEENGINE_ES_URL, default the local one), as scripts/run-local.sh does.
scripts/elasticsearch.sh start >&2

args=("$@")
if [[ ${#args[@]} -eq 0 ]]; then
  # The sample manifest names the development photos, outside its own folder: allow that folder.
  args=(--input "$(scripts/sample-data.sh)" --data-root "$root/.install/standalone-data"
        --set "input.manifestRoots=[\"$(cd "$root/../shared/data" && pwd -P)\"]")
fi
# shellcheck disable=SC2086
java $flags -cp "$jars/*" org.apache.spark.deploy.SparkSubmit \
  --master "spark://127.0.0.1:$port" --deploy-mode client \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.executor.cores=1 --conf spark.executor.memory=2g \
  --conf "spark.executor.extraJavaOptions=$flags" --conf "spark.driver.extraJavaOptions=$flags" \
  --class io.faceengine.jobs.cli.FaceEngineCli "$jar" run "${args[@]}"
# The claim is a run on two executor processes: check the master gave it two.
executors=$(grep -c "Launching executor" "$logs/master.out" || true)
(( executors >= 2 )) || { echo "the run got $executors executor(s), expected two; see $logs" >&2; exit 1; }

#!/usr/bin/env bash
# Makes sure Spark's jars are in .install/spark-jars (copied once from Maven) and prints that
# folder. Scripts that start Spark from the build (run-local.sh) put "<folder>/*" on the classpath.
#
# The jars are the provided-scope dependencies of a throwaway module that has only spark-sql
# (versions from the parent pom). The jobs module is not used for this: there, jars Spark shares
# with the engine (slf4j, Jackson, …) resolve as compile scope and would be missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
jars=.install/spark-jars

if [[ ! -f "$jars/.complete" ]]; then
  echo "spark-jars: copying Spark's jars into $jars (once)" >&2
  resolver=.install/spark-jars-resolver
  mkdir -p "$resolver"
  version="$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)"
  cat > "$resolver/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>io.faceengine</groupId>
    <artifactId>face-engine-parent</artifactId>
    <version>$version</version>
    <relativePath>../../pom.xml</relativePath>
  </parent>
  <artifactId>spark-jars-resolver</artifactId>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.spark</groupId>
      <artifactId>spark-sql_\${scala.binary.version}</artifactId>
    </dependency>
  </dependencies>
</project>
POM
  rm -rf "$jars.tmp"
  mvn -B -q -f "$resolver/pom.xml" dependency:copy-dependencies -DincludeScope=provided \
      -DoutputDirectory="$root/$jars.tmp" >&2
  rm -rf "$jars" && mv "$jars.tmp" "$jars" && touch "$jars/.complete"
fi
echo "$root/$jars"

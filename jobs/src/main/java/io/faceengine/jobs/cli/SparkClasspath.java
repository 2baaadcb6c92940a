package io.faceengine.jobs.cli;

/** Runs need Spark, which the application jar does not contain (the cluster provides it). */
final class SparkClasspath {
    private SparkClasspath() {
    }

    static void require(String command) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkClasspath.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("'" + command + "' needs Spark on the classpath: start it with spark-submit "
                    + "(scripts/submit.sh) or locally with scripts/run-local.sh");
        }
    }
}

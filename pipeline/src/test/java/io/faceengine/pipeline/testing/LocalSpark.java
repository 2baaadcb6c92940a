package io.faceengine.pipeline.testing;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The test JVM's one local Spark session: two task slots, bound to loopback, no UI. Starting Spark
 * takes seconds, so test classes share it instead of each starting and stopping their own; a test
 * that stops it (to check what happens without one) only makes the next call start a new one.
 * Spark's own shutdown hook stops it when the JVM exits.
 */
public final class LocalSpark {
    /** Settings a module's build may set otherwise as system properties (which then win). */
    private static final Map<String, String> DEFAULTS = Map.of(
            "spark.master", "local[2]",
            "spark.driver.host", "127.0.0.1",
            "spark.driver.bindAddress", "127.0.0.1",
            "spark.ui.enabled", "false",
            "spark.sql.shuffle.partitions", "4");

    private LocalSpark() {
    }

    public static synchronized SparkSession session() {
        if (SparkSession.getDefaultSession().isDefined()
                && !SparkSession.getDefaultSession().get().sparkContext().isStopped()) {
            return SparkSession.getDefaultSession().get();
        }
        SparkSession.Builder builder = SparkSession.builder().appName("face-engine tests");
        DEFAULTS.forEach((key, value) -> builder.config(key, System.getProperty(key, value)));
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}

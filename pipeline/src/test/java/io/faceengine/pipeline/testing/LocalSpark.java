package io.faceengine.pipeline.testing;

import org.apache.spark.sql.SparkSession;

/** A real local Spark session for tests: two task slots, bound to loopback, no UI. */
public final class LocalSpark {
    private LocalSpark() {
    }

    public static SparkSession start(String appName) {
        SparkSession spark = SparkSession.builder()
                .appName(appName)
                .master("local[2]")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}

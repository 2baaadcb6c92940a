package io.faceengine.jobs.run;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's Spark session. Under spark-submit the master and everything else come from its
 * configuration. Started another way (plain java, tests) with no master configured, it runs
 * locally on all cores, bound to the loopback address (this host's name may resolve to an address
 * Spark cannot bind) and without the web UI.
 */
public final class DriverSparkSession {
    private DriverSparkSession() {
    }

    /** The running session or a new one; {@link Obtained#created} says which. */
    public static synchronized Obtained getOrCreate(String appName) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new Obtained(SparkSession.getDefaultSession().get(), false);
        }
        SparkConf configured = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder();
        if (!configured.contains("spark.app.name")) {
            builder.appName(appName);
        }
        if (!configured.contains("spark.master")) {
            builder.master("local[*]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false");
        }
        return new Obtained(builder.getOrCreate(), true);
    }

    /** A session and whether this call started it (then its owner stops it). */
    public record Obtained(SparkSession session, boolean created) {
    }
}

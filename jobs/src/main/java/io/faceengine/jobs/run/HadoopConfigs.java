package io.faceengine.jobs.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** The driver's Hadoop configuration, also when no Spark session is running (e.g. after a run ended). */
public final class HadoopConfigs {
    private HadoopConfigs() {
    }

    /**
     * The running session's Hadoop configuration; without a session, a new one with the
     * {@code spark.hadoop.*} settings (from spark-submit's --conf or system properties), which is
     * what Spark would build.
     */
    public static Configuration current() {
        var session = SparkSession.getDefaultSession();
        if (session.isDefined()) {
            return session.get().sparkContext().hadoopConfiguration();
        }
        Configuration conf = new Configuration();
        for (Tuple2<String, String> entry : new SparkConf().getAllWithPrefix("spark.hadoop.")) {
            conf.set(entry._1(), entry._2());
        }
        return conf;
    }
}

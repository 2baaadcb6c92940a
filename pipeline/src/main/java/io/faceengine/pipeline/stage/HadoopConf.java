package io.faceengine.pipeline.stage;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.util.HashMap;
import java.util.Map;

/**
 * The driver's Hadoop configuration as a plain map, so executors open input files (local,
 * HDFS, S3…) with the same settings without Spark's internal serializable wrapper.
 */
public final class HadoopConf {
    private HadoopConf() {
    }

    public static HashMap<String, String> snapshot(SparkSession spark) {
        HashMap<String, String> entries = new HashMap<>();
        for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
            entries.put(e.getKey(), e.getValue());
        }
        return entries;
    }

    public static Configuration restore(Map<String, String> entries) {
        Configuration conf = new Configuration(false);
        entries.forEach(conf::set);
        return conf;
    }
}

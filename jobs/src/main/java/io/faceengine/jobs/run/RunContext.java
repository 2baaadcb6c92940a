package io.faceengine.jobs.run;

import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a step gets to work with: the run's id, configuration, inputs and folder layout, the
 * driver's Spark session (started on first use and shared by all steps of one execution), and
 * the counters of the running step. Everything here is rebuilt from the job parameters, so a
 * step runs the same in a restarted process.
 */
public final class RunContext {
    private final RunParameters parameters;
    private final FaceEngineConfig config;
    private final RunLayout layout;
    private final StepStatsRecorder stats;
    private final Supplier<SparkSession> sparkSupplier;
    private SparkSession spark;

    public RunContext(RunParameters parameters, FaceEngineConfig config, String stepName,
                      Supplier<SparkSession> sparkSupplier) {
        this.parameters = parameters;
        this.config = config;
        this.layout = new RunLayout(parameters.dataRoot(), parameters.runId());
        this.stats = new StepStatsRecorder(stepName, Instant.now());
        this.sparkSupplier = sparkSupplier;
    }

    /** For a step of a run: the configuration is loaded from the parameters' file and overrides. */
    public static RunContext forStep(RunParameters parameters, String stepName, Supplier<SparkSession> sparkSupplier) {
        return new RunContext(parameters, parameters.loadConfig(), stepName, sparkSupplier);
    }

    public String runId() {
        return parameters.runId();
    }

    public String stepName() {
        return stats.step();
    }

    public FaceEngineConfig config() {
        return config;
    }

    /** The run's inputs as given: directories of sets, or manifests (.jsonl / .csv), as paths or URIs. */
    public List<String> inputs() {
        return parameters.inputs();
    }

    public RunParameters parameters() {
        return parameters;
    }

    public RunLayout layout() {
        return layout;
    }

    /** The running step's counters; written to its statistics file when the step succeeds. */
    public StepStatsRecorder stats() {
        return stats;
    }

    public synchronized SparkSession spark() {
        if (spark == null) {
            spark = sparkSupplier.get();
        }
        return spark;
    }

    /** Hadoop settings for file access on the driver, without starting Spark for it. */
    public Configuration hadoopConf() {
        SparkSession started;
        synchronized (this) {
            started = spark;
        }
        return started != null ? started.sparkContext().hadoopConfiguration() : HadoopConfigs.current();
    }

    public RunFiles files() {
        return new RunFiles(hadoopConf());
    }
}

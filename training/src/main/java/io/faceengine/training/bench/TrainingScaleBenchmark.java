package io.faceengine.training.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ludovic.netlib.blas.BLAS;
import io.faceengine.clustering.synthetic.SyntheticFaces;
import io.faceengine.clustering.synthetic.SyntheticIdentities;
import io.faceengine.pipeline.io.FileTrees;
import io.faceengine.training.retrain.AdapterTrainer;
import io.faceengine.training.retrain.TrainedAdapter;
import io.faceengine.training.retrain.TrainingOptions;
import io.faceengine.training.retrain.TrainingSamples;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How adapter training scales with the number of identities, in Spark local mode: for each size,
 * synthetic identities (a few faces each) are generated on the executors and written to Parquet,
 * then one epoch capped at a fixed number of steps is trained. Reported per size: time to the
 * first step (indexing, checks, centre initialisation, loading the shards), seconds per step after
 * it and the epoch that implies, the final checkpoint's time, and memory: the classifier state by
 * the formula in {@link AdapterTrainer}, the same as Spark's block manager measured the cached
 * shards, and the live heap (after a full collection) at the last step. In local mode the driver
 * is the only executor, so the heap holds both.
 *
 * <p>Options ({@code --name value}): sizes (10000,100000,1000000), faces-per-class (2), dimension
 * (128), shards (8), batch (256), steps (20), partitions (16), seed (1), out-dir (.install/bench).
 */
public final class TrainingScaleBenchmark {
    private static final double MB = 1024.0 * 1024.0;
    private static final StructType SCHEMA = new StructType()
            .add(TrainingSamples.FACE_ID, DataTypes.StringType, false)
            .add(TrainingSamples.IDENTITY_ID, DataTypes.StringType, false)
            .add(TrainingSamples.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(TrainingSamples.WEIGHT, DataTypes.FloatType, false);

    private TrainingScaleBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = parse(args);
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "10000,100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int facesPerClass = Integer.parseInt(options.getOrDefault("faces-per-class", "2"));
        int dimension = Integer.parseInt(options.getOrDefault("dimension", "128"));
        int shards = Integer.parseInt(options.getOrDefault("shards", "8"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "256"));
        int steps = Integer.parseInt(options.getOrDefault("steps", "20"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "16"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        Path outDir = Path.of(options.getOrDefault("out-dir", ".install/bench"));
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2: the first step is not timed on its own");
        }

        SparkSession spark = SparkSession.builder().appName("training-scale-benchmark")
                .master(System.getProperty("spark.master", "local[2]"))
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", String.valueOf(partitions))
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("blas", BLAS.getInstance().getClass().getSimpleName());
        report.put("processors", Runtime.getRuntime().availableProcessors());
        report.put("master", spark.sparkContext().master());
        report.put("maxHeapMb", Math.round(Runtime.getRuntime().maxMemory() / MB));
        List<Map<String, Object>> runs = new ArrayList<>();
        report.put("runs", runs);
        try {
            for (int classes : sizes) {
                Path work = outDir.resolve("training-" + classes);
                FileTrees.deleteRecursively(work);
                TrainingOptions trainingOptions = TrainingOptions.defaults().withEpochs(1).withBatchSize(batch)
                        .withShards(shards).withMaxStepsPerEpoch(steps).withSeed(seed);
                runs.add(run(spark, classes, facesPerClass, dimension, partitions, seed, trainingOptions, work));
                FileTrees.deleteRecursively(work);
                System.err.println(json(runs.get(runs.size() - 1)));
            }
        } finally {
            spark.stop();
        }
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.createDirectories(outDir);
        Path file = outDir.resolve("training-" + stamp + ".json");
        Files.writeString(file, json(report));
        System.out.println(json(report));
        System.err.println("report saved as " + file);
    }

    private static Map<String, Object> run(SparkSession spark, int classes, int facesPerClass, int dimension, int partitions,
                                           long seed, TrainingOptions options, Path work) {
        long generateStart = System.nanoTime();
        String parquet = work.resolve("samples").toAbsolutePath().toString();
        synthetic(spark, classes, facesPerClass, dimension, partitions, seed).write().parquet(parquet);
        Dataset<Row> samples = spark.read().parquet(parquet);
        double generateSeconds = seconds(generateStart);

        long liveBefore = liveHeap();
        StepClock clock = new StepClock(spark, options.maxStepsPerEpoch());
        long start = System.nanoTime();
        TrainedAdapter trained = new AdapterTrainer(options, work.resolve("checkpoints").toAbsolutePath().toString())
                .withHook(clock)
                .fit(samples);
        long end = System.nanoTime();

        long n = trained.data().samples();
        long c = trained.data().classes();
        int d = trained.data().dimension();
        int b = options.batchSize();
        int p = options.shards();
        double perStep = (clock.lastStep - clock.firstStep) / 1e9 / (clock.steps - 1);
        long stepsPerEpoch = (n + b - 1) / b;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("classes", c);
        row.put("samples", n);
        row.put("dimension", d);
        row.put("shards", p);
        row.put("largestShardClasses", Arrays.stream(trained.data().classesPerShard()).max().orElse(0));
        row.put("batch", b);
        row.put("steps", clock.steps);
        row.put("generateAndWriteSeconds", round(generateSeconds));
        row.put("untilFirstStepDoneSeconds", round((clock.firstStep - start) / 1e9));
        row.put("secondsPerStep", round(perStep));
        row.put("stepGflops", round(8.0 * b * c * d / perStep / 1e9));
        row.put("stepsPerFullEpoch", stepsPerEpoch);
        row.put("fullEpochSecondsAtThisRate", Math.round(perStep * stepsPerEpoch));
        // After the last step: the epoch's checkpoint (adapter, every shard's file) and clean-up.
        row.put("finalCheckpointSeconds", round((end - clock.lastStep - clock.measuringNanos) / 1e9));
        row.put("totalFitSeconds", round((end - start - clock.measuringNanos) / 1e9));
        row.put("meanLoss", round(trained.history().get(0).meanLoss()));
        // C·d·4·2 (centres + momentum) + P·b·d·4 (each shard's stashed last gradient).
        long formula = c * d * 8L + (long) p * b * d * 4L;
        row.put("classifierStateMbFormula", round(formula / MB));
        row.put("classifierCachedMbMeasured", round(clock.cachedShardBytes / MB));
        row.put("liveHeapBeforeFitMb", round(liveBefore / MB));
        row.put("liveHeapAtLastStepMb", round(clock.liveHeapAtLastStep / MB));
        row.put("liveHeapGrowthMb", round((clock.liveHeapAtLastStep - liveBefore) / MB));
        row.put("rssPeakMb", round(rssPeakBytes() / MB));
        return row;
    }

    /** Times the steps; at the last one measures the cached shards and the live heap (after timing). */
    private static final class StepClock implements io.faceengine.training.retrain.TrainingHook {
        private final SparkSession spark;
        private final int lastStepNumber;
        long firstStep;
        long lastStep;
        int steps;
        long cachedShardBytes;
        long liveHeapAtLastStep;
        long measuringNanos;

        StepClock(SparkSession spark, int lastStepNumber) {
            this.spark = spark;
            this.lastStepNumber = lastStepNumber;
        }

        @Override
        public void afterStep(int epoch, int stepInEpoch, long completedSteps) {
            long now = System.nanoTime();
            steps = stepInEpoch;
            if (stepInEpoch == 1) {
                firstStep = now;
            }
            lastStep = now;
            if (stepInEpoch == lastStepNumber) {
                for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                    if ("classifier shards".equals(info.name())) {
                        cachedShardBytes = info.memSize();
                    }
                }
                liveHeapAtLastStep = liveHeap();
                measuringNanos = System.nanoTime() - now;
            }
        }
    }

    /**
     * Identities of {@code facesPerClass} faces each, generated partition by partition on the
     * executors (each partition its own identities and seed), so the driver never holds them.
     */
    static Dataset<Row> synthetic(SparkSession spark, int classes, int facesPerClass, int dimension, int partitions, long seed) {
        int perPartition = (classes + partitions - 1) / partitions;
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rows = context.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions).flatMap(part -> {
            int count = Math.max(0, Math.min(perPartition, classes - part * perPartition));
            if (count == 0) {
                return java.util.Collections.emptyIterator();
            }
            // A tiny size exponent makes nearly every identity exactly facesPerClass faces.
            SyntheticFaces faces = new SyntheticIdentities(dimension, 0.65, 0.7, 0.01, facesPerClass, 0.1, 0.6, 0.0,
                    seed * 1_000_003L + part).generate(count * facesPerClass);
            List<Row> out = new ArrayList<>(faces.size());
            for (int f = 0; f < faces.size(); f++) {
                out.add(RowFactory.create(part + "-" + f, part + "-" + faces.identity()[f], faces.vectors().row(f), 1f));
            }
            return out.iterator();
        });
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static long liveHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssPeakBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String json(Object value) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}

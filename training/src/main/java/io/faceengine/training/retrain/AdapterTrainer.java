package io.faceengine.training.retrain;

import io.faceengine.training.retrain.TrainableAdapter.AdaptedBatch;
import io.faceengine.training.retrain.TrainingCheckpoints.Checkpoint;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static io.faceengine.training.retrain.IdentityShards.CLASS_INDEX;
import static io.faceengine.training.retrain.IdentityShards.SHARD;
import static io.faceengine.training.retrain.TrainingSamples.EMBEDDING;
import static io.faceengine.training.retrain.TrainingSamples.FACE_ID;
import static io.faceengine.training.retrain.TrainingSamples.IDENTITY_ID;
import static io.faceengine.training.retrain.TrainingSamples.WEIGHT;
import static org.apache.spark.sql.functions.bit_xor;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Trains an {@link EmbeddingAdapter} on curated identities (an Estimator: samples in, adapter
 * out) with a CosFace classifier over all identities, the classifier split across executors.
 *
 * <pre>{@code
 * Dataset<Row> samples = TrainingSamples.readManifest(spark, manifestFacesFolder, options.hardExampleWeight());
 * TrainedAdapter trained = new AdapterTrainer(options, checkpointFolder).fit(samples);
 * trained.save(conf, new Path(modelFolder, "adapter.json"));
 * float[] adapted = trained.adapter().apply(embedding);
 * }</pre>
 *
 * Input columns: see {@link TrainingSamples}. Calling {@code fit} again with the same folder after a
 * failure continues from the last complete epoch checkpoint ({@link TrainingCheckpoints}); with the
 * same data and options the result is the same adapter, bit for bit, as an uninterrupted run.
 *
 * <p><b>Scheme.</b> Per step the driver takes the next {@code b} samples of the epoch's order
 * (a seeded hash of the face id; samples stream from the executors one partition at a time),
 * applies W (d×d, small, kept on the driver) and broadcasts the adapted features. Each of the P
 * shards computes its classes' logits for the batch and returns per-sample sums (3 numbers per
 * sample); the driver combines them into each sample's softmax normaliser (a log-sum-exp across
 * shards) and broadcasts those b numbers; each shard then updates its own centres and returns its
 * part of d loss / d features (b×d), which are summed in shard order and give the driver the
 * update of W. Only features and per-sample numbers cross the network; centres stay on executors.
 *
 * <p><b>Memory.</b> Per executor, for C identities, d dimensions, P shards, batch b and class
 * block k, with S = shards on that executor (P / executors, rounded up) and C/P classes per shard:
 * state S·(C/P)·d·4·2 bytes (centres and momentum) + S·b·d·4 (each shard's stashed last
 * gradient) + per running task b·d·4·3 (features, gradient) + b·k·4·2 + k·d·4·2 (block buffers).
 * The driver holds W and its momentum (2·d²·4), a few b×d batch arrays and up to 16 partial
 * gradients (16·b·d·4). At C = 1M, d = 128, P = 8 on one executor: 1.02 GB of state.
 * Work per step: four b×d by d×(C/P) matrix products per shard (2·b·(C/P)·d flops each: logits
 * twice, since the backward pass recomputes them rather than keep b×C/P floats, and the two
 * gradients) plus 2·b·C/P exponentials; two Spark jobs.
 */
public final class AdapterTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterTrainer.class);

    private final TrainingOptions options;
    private final String checkpointFolder;
    private final TrainingHook hook;

    /** @param checkpointFolder where epoch checkpoints go (and are resumed from); a Hadoop path */
    public AdapterTrainer(TrainingOptions options, String checkpointFolder) {
        this(options, checkpointFolder, TrainingHook.NONE);
    }

    private AdapterTrainer(TrainingOptions options, String checkpointFolder, TrainingHook hook) {
        this.options = options;
        this.checkpointFolder = checkpointFolder;
        this.hook = hook;
    }

    public AdapterTrainer withHook(TrainingHook value) {
        return new AdapterTrainer(options, checkpointFolder, value);
    }

    public TrainedAdapter fit(Dataset<Row> samples) {
        TrainingSamples.requireColumns(samples.schema());
        SparkSession spark = samples.sparkSession();
        // Read once per epoch in a new order; on disk, so executor memory stays with the classifier.
        Dataset<Row> assigned = samples
                .join(IdentityShards.classIndex(samples, options.shards()),
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of(IDENTITY_ID)).toSeq(), "left")
                .select(col(FACE_ID), col(IDENTITY_ID), col(SHARD), col(CLASS_INDEX), col(WEIGHT).cast("float").as(WEIGHT),
                        col(EMBEDDING))
                .persist(StorageLevel.DISK_ONLY());
        try {
            return train(spark, assigned, describe(assigned));
        } catch (IOException e) {
            throw new UncheckedIOException("adapter training checkpoints in " + checkpointFolder + ": " + e.getMessage(), e);
        } finally {
            assigned.unpersist();
        }
    }

    private TrainedAdapter train(SparkSession spark, Dataset<Row> assigned, TrainingData data) throws IOException {
        TrainingCheckpoints checkpoints = new TrainingCheckpoints(spark, checkpointFolder);
        Optional<Checkpoint> latest = checkpoints.latest();
        Checkpoint start;
        if (latest.isPresent()) {
            start = latest.get();
            requireResumable(start, data);
            LOG.info("adapter training resumes after epoch {} ({} steps) from {}", start.epoch(), start.completedSteps(),
                    checkpointFolder);
        } else {
            start = initialise(checkpoints, assigned, data);
        }
        TrainableAdapter adapter = checkpoints.readAdapter(start.epoch());
        CosFaceLoss loss = CosFaceLoss.of(options);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<EpochSummary> history = new ArrayList<>(start.history());
        long steps = start.completedSteps();
        try (ShardedClassifier classifier = ShardedClassifier.load(context, checkpoints.shardFiles(start.epoch()),
                data.classesPerShard(), data.dimension(), steps, loss, options.classBlock())) {
            for (int epoch = start.epoch() + 1; epoch <= options.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                EpochTotals totals = new EpochTotals();
                Iterator<TrainingSample> order = epochOrder(assigned, epoch);
                while (order.hasNext() && (options.maxStepsPerEpoch() == 0 || totals.steps < options.maxStepsPerEpoch())) {
                    step(context, classifier, adapter, loss, nextBatch(order, data.dimension()), steps, totals);
                    steps++;
                    hook.afterStep(epoch, totals.steps, steps);
                }
                EpochSummary summary = totals.summary(epoch, adapter, (System.nanoTime() - epochStart) / 1e9);
                history.add(summary);
                LOG.info("adapter training {}", summary);
                checkpoints.clear(epoch);
                checkpoints.writeAdapter(epoch, adapter, options);
                classifier.write(checkpoints.shardFiles(epoch), steps);
                checkpoints.commit(new Checkpoint(TrainingCheckpoints.FORMAT, TrainingCheckpoints.FORMAT_VERSION, epoch, steps,
                        options, data, List.copyOf(history)));
            }
        }
        return new TrainedAdapter(adapter.snapshot(), List.copyOf(history), data, options, start.epoch());
    }

    /** Epoch 0: the identity adapter and centres at the class means, written as the first checkpoint. */
    private Checkpoint initialise(TrainingCheckpoints checkpoints, Dataset<Row> assigned, TrainingData data) throws IOException {
        checkpoints.clear(0);
        checkpoints.writeAdapter(0, TrainableAdapter.startingAt(EmbeddingAdapter.identity(data.dimension())), options);
        ShardedClassifier.writeImprinted(assigned, data.classesPerShard(), data.dimension(), checkpoints.shardFiles(0));
        Checkpoint start = new Checkpoint(TrainingCheckpoints.FORMAT, TrainingCheckpoints.FORMAT_VERSION, 0, 0, options, data,
                List.of());
        checkpoints.commit(start);
        return start;
    }

    private void requireResumable(Checkpoint checkpoint, TrainingData data) {
        if (checkpoint.epoch() > options.epochs()) {
            throw new IllegalArgumentException("the checkpoint in " + checkpointFolder + " is after epoch " + checkpoint.epoch()
                    + ", past the " + options.epochs() + " epochs asked for; take its adapter, or ask for more epochs");
        }
        if (!options.canResume(checkpoint.options())) {
            throw new IllegalArgumentException("the checkpoint in " + checkpointFolder + " was trained with " + checkpoint.options()
                    + "; only epochs may change when resuming, got " + options + ". Use a new checkpoint folder to start over.");
        }
        if (!data.sameAs(checkpoint.data())) {
            throw new IllegalArgumentException("the checkpoint in " + checkpointFolder + " was trained on " + checkpoint.data()
                    + ", the samples given are " + data + ". Use a new checkpoint folder to train on other data.");
        }
    }

    /** One step: adapt, softmax across shards, update the shards' centres, then W. */
    private void step(JavaSparkContext context, ShardedClassifier classifier, TrainableAdapter adapter, CosFaceLoss loss,
                      Batch batch, long completedSteps, EpochTotals totals) {
        AdaptedBatch adapted = adapter.adapt(batch.size(), batch.features());
        StepBatch stepBatch = new StepBatch(completedSteps, batch.size(), adapter.dimension(), adapted.adapted(),
                batch.shard(), batch.classIndex(), batch.normalisedWeights());
        Broadcast<StepBatch> shared = context.broadcast(stepBatch);
        try {
            BatchSoftmax softmax = loss.combine(classifier.forward(shared), stepBatch.weight());
            Broadcast<double[]> normalisers = context.broadcast(softmax.logNormaliser());
            try {
                float[] featureGradient = classifier.backward(shared, normalisers, (float) options.learningRate(),
                        (float) options.momentum());
                adapter.step(adapter.gradients(adapted, featureGradient), options);
            } finally {
                normalisers.destroy();
            }
            totals.add(batch, softmax);
        } finally {
            shared.destroy();
        }
    }

    /** The epoch's samples in a seeded order that depends only on (seed, epoch, face id). */
    private Iterator<TrainingSample> epochOrder(Dataset<Row> assigned, int epoch) {
        return assigned
                .orderBy(xxhash64(col(FACE_ID), lit(options.seed()), lit(epoch)), col(FACE_ID))
                .select(SHARD, CLASS_INDEX, WEIGHT, EMBEDDING)
                .javaRDD()
                .map(row -> new TrainingSample(row.getInt(0), row.getInt(1), row.getFloat(2), Rows.floats(row, 3)))
                .toLocalIterator();
    }

    private Batch nextBatch(Iterator<TrainingSample> order, int dimension) {
        int b = options.batchSize();
        float[] features = new float[b * dimension];
        int[] shard = new int[b];
        int[] classIndex = new int[b];
        float[] weight = new float[b];
        int n = 0;
        while (n < b && order.hasNext()) {
            TrainingSample sample = order.next();
            System.arraycopy(sample.features(), 0, features, n * dimension, dimension);
            shard[n] = sample.shard();
            classIndex[n] = sample.classIndex();
            weight[n] = sample.weight();
            n++;
        }
        return new Batch(n, Arrays.copyOf(features, n * dimension), Arrays.copyOf(shard, n), Arrays.copyOf(classIndex, n),
                Arrays.copyOf(weight, n));
    }

    record Batch(int size, float[] features, int[] shard, int[] classIndex, float[] weight) {
        float[] normalisedWeights() {
            double total = 0;
            for (float w : weight) {
                total += w;
            }
            float[] normalised = new float[size];
            for (int i = 0; i < size; i++) {
                normalised[i] = (float) (weight[i] / total);
            }
            return normalised;
        }

        double totalWeight() {
            double total = 0;
            for (float w : weight) {
                total += w;
            }
            return total;
        }
    }

    private static final class EpochTotals {
        int steps;
        long samples;
        long correct;
        double weight;
        double weightedLoss;

        void add(Batch batch, BatchSoftmax softmax) {
            double batchWeight = batch.totalWeight();
            steps++;
            samples += batch.size();
            weight += batchWeight;
            weightedLoss += softmax.weightedLoss() * batchWeight;
            for (boolean c : softmax.correct()) {
                correct += c ? 1 : 0;
            }
        }

        EpochSummary summary(int epoch, TrainableAdapter adapter, double seconds) {
            return new EpochSummary(epoch, steps, samples, weight > 0 ? weightedLoss / weight : Double.NaN,
                    samples > 0 ? (double) correct / samples : Double.NaN, adapter.snapshot().distanceFromIdentity(), seconds);
        }
    }

    /** Checks the samples (ids, identities, one embedding size, positive weights) and fingerprints them. */
    private TrainingData describe(Dataset<Row> assigned) {
        Row stats = assigned.agg(
                count(lit(1)), countDistinct(col(FACE_ID)),
                count(when(col(FACE_ID).isNull().or(col(IDENTITY_ID).isNull()).or(col(EMBEDDING).isNull()), 1)),
                min(size(col(EMBEDDING))), max(size(col(EMBEDDING))),
                count(when(col(WEIGHT).isNull().or(col(WEIGHT).isNaN()).or(col(WEIGHT).leq(0))
                        .or(col(WEIGHT).equalTo(Float.POSITIVE_INFINITY)), 1)),
                bit_xor(xxhash64(col(FACE_ID), col(IDENTITY_ID), col(WEIGHT), col(EMBEDDING)))).first();
        long rows = stats.getLong(0);
        if (rows == 0) {
            throw new IllegalArgumentException("no training samples");
        }
        if (stats.getLong(2) > 0) {
            throw new IllegalArgumentException(stats.getLong(2) + " training samples lack a face_id, identity_id or embedding");
        }
        if (stats.getLong(1) != rows) {
            throw new IllegalArgumentException("face_id must be unique: " + rows + " samples, " + stats.getLong(1) + " distinct ids");
        }
        int dimension = stats.getInt(3);
        if (dimension != stats.getInt(4) || dimension < 1) {
            throw new IllegalArgumentException("embeddings of different sizes: " + dimension + " to " + stats.getInt(4));
        }
        if (stats.getLong(5) > 0) {
            throw new IllegalArgumentException(stats.getLong(5) + " training samples have a weight that is not a positive number");
        }
        int[] classesPerShard = new int[options.shards()];
        for (Row shard : assigned.groupBy(SHARD).agg(max(CLASS_INDEX)).collectAsList()) {
            classesPerShard[shard.getInt(0)] = shard.getInt(1) + 1;
        }
        long classes = Arrays.stream(classesPerShard).asLongStream().sum();
        return new TrainingData(rows, classes, dimension, stats.getLong(6), classesPerShard);
    }
}

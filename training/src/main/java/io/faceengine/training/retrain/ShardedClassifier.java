package io.faceengine.training.retrain;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The CosFace classifier's class centres, partitioned by identity over Spark executors (model
 * parallelism): an RDD of {@code shards} partitions, partition p holding {@link ClassShard} p,
 * cached in executor memory for the whole training and updated in place there.
 *
 * <p>Per step the driver broadcasts the batch's adapted features ({@link StepBatch}); a first job
 * returns each shard's per-sample softmax sums ({@link #forward}), the driver combines them into
 * the log-normalisers, and a second job broadcasts those back, lets every shard update its centres
 * and returns its part of d loss / d features, summed in shard order ({@link #backward}). Centres
 * only move between memory and the checkpoint files, which each shard reads and writes itself.
 *
 * <p>Spark has no parameter server and promises nothing about objects changed inside a cached
 * partition; it works while the cached block stays where it is, and each shard's step counter
 * turns any loss of that block into a {@link ShardStateLostException} (see {@link ClassShard}).
 * Keep speculative execution off (Spark's default): a killed duplicate task leaves its shard
 * half-updated, which stops training.
 */
final class ShardedClassifier implements AutoCloseable {
    private final JavaRDD<ClassShard> shards;
    private final CosFaceLoss loss;
    private final int classBlock;

    private ShardedClassifier(JavaRDD<ClassShard> shards, CosFaceLoss loss, int classBlock) {
        this.shards = shards;
        this.loss = loss;
        this.classBlock = classBlock;
    }

    /**
     * Builds every shard from its classes' samples (centres at the normalised class means) and
     * writes it to {@code files}, on the executors.
     *
     * @param assigned samples with {@link IdentityShards#SHARD} and {@link IdentityShards#CLASS_INDEX}
     */
    static List<ShardInfo> writeImprinted(Dataset<Row> assigned, int[] classesPerShard, int dimension, ShardFiles files) {
        int count = classesPerShard.length;
        return assigned.select(IdentityShards.SHARD, IdentityShards.CLASS_INDEX, TrainingSamples.FACE_ID, TrainingSamples.EMBEDDING)
                .javaRDD()
                .mapToPair(row -> new Tuple2<>(new ShardKey(row.getInt(0), row.getInt(1), row.getString(2)), Rows.floats(row, 3)))
                .repartitionAndSortWithinPartitions(new IndexPartitioner(count))
                .mapPartitionsWithIndex((shard, samples) -> {
                    Iterator<ClassShard.ClassSample> ordered = new Iterator<>() {
                        public boolean hasNext() {
                            return samples.hasNext();
                        }

                        public ClassShard.ClassSample next() {
                            Tuple2<ShardKey, float[]> s = samples.next();
                            return new ClassShard.ClassSample(s._1().classIndex(), s._2());
                        }
                    };
                    return List.of(files.write(ClassShard.imprinted(shard, classesPerShard[shard], dimension, ordered))).iterator();
                }, true)
                .collect();
    }

    /**
     * Loads the shards of a checkpoint into executor memory and checks each is the one expected.
     *
     * @param completedSteps the steps the checkpoint's state includes
     */
    static ShardedClassifier load(JavaSparkContext spark, ShardFiles files, int[] classesPerShard, int dimension,
                                  long completedSteps, CosFaceLoss loss, int classBlock) {
        int count = classesPerShard.length;
        JavaRDD<ClassShard> shards = spark.parallelize(IntStream.range(0, count).boxed().toList(), count)
                .map(files::read)
                .setName("classifier shards")
                .persist(StorageLevel.MEMORY_ONLY());
        ShardedClassifier classifier = new ShardedClassifier(shards, loss, classBlock);
        List<ShardInfo> infos = classifier.describe();
        for (int p = 0; p < count; p++) {
            ShardInfo info = infos.get(p);
            if (info.shard() != p || info.classes() != classesPerShard[p] || info.dimension() != dimension
                    || info.completedSteps() != completedSteps) {
                classifier.close();
                throw new IllegalStateException("checkpoint shard " + p + " in " + files.folder() + " is " + info
                        + ", expected " + classesPerShard[p] + " classes of dimension " + dimension + " after "
                        + completedSteps + " steps: the checkpoint does not belong to this training data");
            }
        }
        return classifier;
    }

    /** Per shard (in shard order) its size and step count; the first call caches the shards. */
    List<ShardInfo> describe() {
        return shards.map(ClassShard::info).collect();
    }

    List<ShardLogits> forward(Broadcast<StepBatch> batch) {
        CosFaceLoss loss = this.loss;
        int classBlock = this.classBlock;
        return shards.map(shard -> shard.forward(batch.value(), loss, classBlock)).collect();
    }

    /** Updates every shard's centres and returns d loss / d adapted features (n×d) summed over shards. */
    float[] backward(Broadcast<StepBatch> batch, Broadcast<double[]> logNormaliser, float learningRate, float momentum) {
        CosFaceLoss loss = this.loss;
        int classBlock = this.classBlock;
        StepBatch local = batch.value();
        JavaRDD<float[]> partials = shards.map(shard ->
                shard.backward(batch.value(), logNormaliser.value(), loss, classBlock, learningRate, momentum));
        return OrderedSum.of(partials, local.size() * local.dimension());
    }

    /** Writes every shard to {@code files}; each must have applied exactly {@code completedSteps} steps. */
    List<ShardInfo> write(ShardFiles files, long completedSteps) {
        List<ShardInfo> written = shards.map(files::write).collect();
        for (ShardInfo info : written) {
            if (info.completedSteps() != completedSteps) {
                throw new ShardStateLostException(info.shard(), info.completedSteps(), completedSteps, false);
            }
        }
        return written;
    }

    @Override
    public void close() {
        shards.unpersist(true);
    }
}

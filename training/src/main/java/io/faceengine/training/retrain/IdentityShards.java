package io.faceengine.training.retrain;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Splits the classes (identities) of the training samples into shards: an identity's shard is a
 * stable hash of its id modulo the shard count, and its index inside the shard is its rank among
 * the shard's identity ids. Computed by Spark, so no single machine ever lists all identities, and
 * the same ids always get the same (shard, index), which checkpoints rely on.
 *
 * <p>Reads {@code identity_id}; adds {@code shard} and {@code class_index} (ints).
 */
public final class IdentityShards {
    public static final String SHARD = "shard";
    public static final String CLASS_INDEX = "class_index";

    private IdentityShards() {
    }

    public static Column shardOf(Column identityId, int shards) {
        return pmod(xxhash64(identityId), lit((long) shards)).cast("int");
    }

    /** One row per distinct identity: identity_id, shard, class_index. */
    public static Dataset<Row> classIndex(Dataset<Row> samples, int shards) {
        Dataset<Row> identities = samples.select(TrainingSamples.IDENTITY_ID).distinct()
                .withColumn(SHARD, shardOf(col(TrainingSamples.IDENTITY_ID), shards));
        return identities.withColumn(CLASS_INDEX, row_number()
                .over(Window.partitionBy(SHARD).orderBy(TrainingSamples.IDENTITY_ID)).minus(1).cast("int"));
    }

    /** The samples with their class's shard and index. */
    public static Dataset<Row> assign(Dataset<Row> samples, int shards) {
        return samples.join(classIndex(samples, shards), TrainingSamples.IDENTITY_ID);
    }
}

package io.faceengine.training.retrain;

import org.apache.spark.Partitioner;

/** Sends a record keyed by an int (or a {@link ShardKey}) to the partition of that number. */
final class IndexPartitioner extends Partitioner {
    private final int partitions;

    IndexPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        int index = key instanceof ShardKey shardKey ? shardKey.shard() : (Integer) key;
        if (index < 0 || index >= partitions) {
            throw new IllegalArgumentException("partition " + index + " outside 0.." + (partitions - 1));
        }
        return index;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IndexPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}

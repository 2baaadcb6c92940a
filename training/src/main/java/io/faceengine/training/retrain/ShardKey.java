package io.faceengine.training.retrain;

import java.io.Serializable;

/** Orders a shard's samples by class, then face id, so a shard is built the same way on every run. */
record ShardKey(int shard, int classIndex, String faceId) implements Comparable<ShardKey>, Serializable {
    @Override
    public int compareTo(ShardKey other) {
        int byShard = Integer.compare(shard, other.shard);
        if (byShard != 0) {
            return byShard;
        }
        int byClass = Integer.compare(classIndex, other.classIndex);
        return byClass != 0 ? byClass : faceId.compareTo(other.faceId);
    }
}

package io.faceengine.training.retrain;

/**
 * A classifier shard's in-memory state is not the one training expects: Spark dropped or
 * recomputed the cached shard (executor lost, cache evicted) or a task failed half-way through an
 * update. Training stops rather than continue on stale centres; fit again to resume from the last
 * complete checkpoint.
 */
public final class ShardStateLostException extends IllegalStateException {
    ShardStateLostException(int shard, long shardSteps, long trainerSteps, boolean halfUpdated) {
        super("classifier shard " + shard + (halfUpdated ? " was left half-updated by a failed task"
                : " holds the state after " + shardSteps + " steps but training is at step " + trainerSteps)
                + ": its cached copy was lost or recomputed. Fit again to resume from the last checkpoint; if this "
                + "repeats, give executors more memory or use more shards.");
    }
}

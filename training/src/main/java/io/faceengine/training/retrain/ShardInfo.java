package io.faceengine.training.retrain;

import java.io.Serializable;

/**
 * What a shard reports about itself: its size and where its state is.
 *
 * @param stateBytes bytes of the shard's arrays (centres, their momentum, the last step's stash)
 */
record ShardInfo(int shard, int classes, int dimension, long completedSteps, long stateBytes) implements Serializable {
}

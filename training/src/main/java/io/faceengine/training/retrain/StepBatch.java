package io.faceengine.training.retrain;

import java.io.Serializable;

/**
 * One training step's samples as every classifier shard sees them (broadcast): the adapted
 * features and, per sample, its class as (shard, index in shard) and its share of the batch's
 * weight. Only this and small per-sample statistics cross the network; class centres never do.
 *
 * @param step         steps completed before this one, over the whole training; shards check it
 * @param adapted      n×d row-major unit features
 * @param targetShard  shard holding each sample's class
 * @param targetClass  index of that class inside its shard
 * @param weight       per-sample loss weight, normalised to sum 1 over the batch
 */
record StepBatch(long step, int size, int dimension, float[] adapted, int[] targetShard, int[] targetClass,
                 float[] weight) implements Serializable {

    StepBatch {
        if (adapted.length != size * dimension || targetShard.length != size || targetClass.length != size
                || weight.length != size) {
            throw new IllegalArgumentException("a batch of " + size + " samples of dimension " + dimension + " has inconsistent arrays");
        }
    }

    /** The sample's class index if {@code shard} holds it, else -1. */
    int targetIn(int shard, int sample) {
        return targetShard[sample] == shard ? targetClass[sample] : -1;
    }
}

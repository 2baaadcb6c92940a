package io.faceengine.training.retrain;

/**
 * The softmax over all classes for one batch, combined from every shard's {@link ShardLogits}.
 *
 * @param logNormaliser per sample log Σ exp(logit) over all classes (what the shards need back)
 * @param loss          per sample -log softmax of the target
 * @param correct       per sample whether the target's cosine beats every other class's
 * @param weightedLoss  the batch loss, Σ weight · loss with weights summing to 1
 */
record BatchSoftmax(double[] logNormaliser, double[] loss, boolean[] correct, double weightedLoss) {
}

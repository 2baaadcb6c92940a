package io.faceengine.training.retrain;

import java.io.Serializable;

/**
 * What one shard reports per sample of a batch after computing its slice of the logits: enough
 * for the driver to assemble the softmax over all classes without seeing any logit vector.
 *
 * @param sumExp          Σ exp(logit - s) over the shard's classes (s bounds every logit, so
 *                        this never overflows and sums across shards in any grouping)
 * @param targetLogit     the target's logit (margin applied) if this shard holds the target, else NaN
 * @param targetCosine    the target's cosine if held here, else NaN
 * @param bestOtherCosine the highest cosine among the shard's non-target classes (-inf if none)
 */
record ShardLogits(double[] sumExp, float[] targetLogit, float[] targetCosine, float[] bestOtherCosine)
        implements Serializable {
}

package io.faceengine.training.retrain;

import java.io.Serializable;
import java.util.List;

/**
 * CosFace (large margin cosine) loss: logits are s·cos θ_j for the other classes and
 * s·(cos θ_y − m) for the target, followed by softmax cross-entropy. The softmax is split across
 * classifier shards: each shard sums exp(logit − s) over its classes ({@link ShardLogits}), the
 * driver adds those sums into the log-normaliser ({@link #combine}), and each shard then needs only
 * that one number per sample to compute the gradient of its own logits ({@link #logitGradient}).
 */
record CosFaceLoss(float scale, float margin) implements Serializable {

    static CosFaceLoss of(TrainingOptions options) {
        return new CosFaceLoss((float) options.scale(), (float) options.margin());
    }

    float logit(float cosine, boolean target) {
        return target ? scale * cosine - scale * margin : scale * cosine;
    }

    /** exp(logit − s): every logit is at most s, so these are at most 1 and sum without overflow. */
    double shiftedExp(float logit) {
        return Math.exp((double) logit - scale);
    }

    /**
     * d loss / d cosine of one class for one sample: s·w·(p − [target]), where p is the class's
     * softmax probability and w the sample's weight in the batch.
     */
    float logitGradient(float logit, boolean target, double logNormaliser, float weight) {
        double probability = Math.exp(logit - logNormaliser);
        return (float) (scale * weight * (probability - (target ? 1 : 0)));
    }

    /** Adds the shards' partial sums (in shard order, so the result never depends on timing). */
    BatchSoftmax combine(List<ShardLogits> shards, float[] weight) {
        int n = weight.length;
        double[] logNormaliser = new double[n];
        double[] loss = new double[n];
        boolean[] correct = new boolean[n];
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            float target = Float.NaN;
            float targetCosine = Float.NaN;
            float bestOther = Float.NEGATIVE_INFINITY;
            for (ShardLogits shard : shards) {
                sum += shard.sumExp()[i];
                if (!Float.isNaN(shard.targetLogit()[i])) {
                    target = shard.targetLogit()[i];
                    targetCosine = shard.targetCosine()[i];
                }
                bestOther = Math.max(bestOther, shard.bestOtherCosine()[i]);
            }
            if (Float.isNaN(target)) {
                throw new IllegalStateException("no shard holds the class of sample " + i + " of the batch");
            }
            logNormaliser[i] = scale + Math.log(sum);
            loss[i] = logNormaliser[i] - target;
            correct[i] = targetCosine > bestOther;
            weighted += weight[i] * loss[i];
        }
        return new BatchSoftmax(logNormaliser, loss, correct, weighted);
    }
}

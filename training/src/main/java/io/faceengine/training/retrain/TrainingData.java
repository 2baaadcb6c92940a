package io.faceengine.training.retrain;

import java.util.Arrays;

/**
 * What a training ran on, recorded in every checkpoint so a resume on different data is refused.
 *
 * @param fingerprint     order-independent hash of every sample's id, identity, weight and embedding
 * @param classesPerShard how many identities each classifier shard holds
 */
public record TrainingData(long samples, long classes, int dimension, long fingerprint, int[] classesPerShard) {

    boolean sameAs(TrainingData other) {
        return samples == other.samples && classes == other.classes && dimension == other.dimension
                && fingerprint == other.fingerprint && Arrays.equals(classesPerShard, other.classesPerShard);
    }

    /** Largest shard, in classes: what sizes an executor's share of the classifier. */
    int largestShard() {
        return Arrays.stream(classesPerShard).max().orElse(0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrainingData data && sameAs(data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "TrainingData[samples=" + samples + ", classes=" + classes + ", dimension=" + dimension
                + ", fingerprint=" + fingerprint + ", largestShard=" + largestShard() + "]";
    }
}

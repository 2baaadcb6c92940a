package io.faceengine.clustering.review;

import java.util.List;

/**
 * @param positives same-cluster pairs, least similar first
 * @param negatives different-cluster pairs, most similar first
 */
public record HardExampleSet(List<HardPair> positives, List<HardPair> negatives) {
    public HardExampleSet {
        positives = List.copyOf(positives);
        negatives = List.copyOf(negatives);
    }
}

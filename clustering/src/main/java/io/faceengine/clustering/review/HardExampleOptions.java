package io.faceengine.clustering.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.config.OptionsReader;

/**
 * Knobs of {@link HardExamples}.
 *
 * @param maxPositivesPerCluster most hard positive pairs taken from one cluster
 * @param positiveBelow          beyond the farthest member's pair, same-cluster pairs count as hard below this cosine
 * @param maxNegativesPerCluster most hard negative pairs touching one cluster
 * @param negativeAbove          different-cluster pairs count as hard at or above this cosine
 */
public record HardExampleOptions(int maxPositivesPerCluster, float positiveBelow, int maxNegativesPerCluster, float negativeAbove)
        implements java.io.Serializable {

    public HardExampleOptions {
        if (maxPositivesPerCluster < 0 || maxNegativesPerCluster < 0) {
            throw new IllegalArgumentException("review.hardExamples counts must be >= 0, got "
                    + maxPositivesPerCluster + " and " + maxNegativesPerCluster);
        }
        if (!(positiveBelow >= -1 && positiveBelow <= 1) || !(negativeAbove >= -1 && negativeAbove <= 1)) {
            throw new IllegalArgumentException("review.hardExamples similarities must be in [-1, 1], got "
                    + positiveBelow + " and " + negativeAbove);
        }
    }

    public static HardExampleOptions defaults() {
        return new HardExampleOptions(2, 0.45f, 2, 0.55f);
    }

    /** Reads the {@code review.hardExamples} section; absent keys keep {@link #defaults()}. */
    public static HardExampleOptions fromTree(JsonNode section) {
        return OptionsReader.read(section, defaults(), HardExampleOptions.class, "review.hardExamples");
    }
}

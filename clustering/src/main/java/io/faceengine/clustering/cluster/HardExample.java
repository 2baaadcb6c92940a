package io.faceengine.clustering.cluster;

import java.io.Serializable;

/**
 * A pair of faces worth a human's or a trainer's attention: a hard positive (same cluster, low
 * similarity) or a hard negative (different clusters, high similarity).
 */
public record HardExample(Kind kind, String faceA, String faceB, float similarity) implements Serializable {
    public enum Kind { HARD_POSITIVE, HARD_NEGATIVE }
}

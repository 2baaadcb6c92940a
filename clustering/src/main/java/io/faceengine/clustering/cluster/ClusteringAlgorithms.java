package io.faceengine.clustering.cluster;

import java.util.List;

/** The clustering algorithms by name, as the configuration and reports refer to them. */
public final class ClusteringAlgorithms {
    private ClusteringAlgorithms() {
    }

    public static List<String> names() {
        return List.of(ThresholdComponents.NAME, ChineseWhispers.NAME, AverageLinkage.NAME, Infomap.NAME);
    }

    /** The algorithm called {@code name} at the given cosine-similarity threshold (where it cuts; Infomap's edge floor). */
    public static ClusteringAlgorithm create(String name, float threshold) {
        return switch (name) {
            case ThresholdComponents.NAME -> new ThresholdComponents(threshold);
            case ChineseWhispers.NAME -> new ChineseWhispers(threshold);
            case AverageLinkage.NAME -> new AverageLinkage(threshold);
            case Infomap.NAME -> new Infomap(threshold);
            default -> throw new IllegalArgumentException("unknown clustering algorithm '" + name + "'; known: " + names());
        };
    }
}

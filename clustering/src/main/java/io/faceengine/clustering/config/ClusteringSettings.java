package io.faceengine.clustering.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.calibration.CalibrationOptions;
import io.faceengine.clustering.cluster.ClusteringOptions;
import io.faceengine.clustering.dedup.DedupOptions;
import io.faceengine.clustering.graph.NeighbourIndexOptions;
import io.faceengine.clustering.review.HardExampleOptions;
import io.faceengine.clustering.review.UncertaintyOptions;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Set;

/**
 * Everything the {@code clustering} configuration section sets: intra-set clustering, the
 * neighbour index, cross-set dedup, uncertainty and hard examples, the manifest split and the
 * calibration of thresholds from the run's own evidence.
 *
 * @param validationPercent share of identities (by hash of the id) put in the manifest's validation split
 */
public record ClusteringSettings(ClusteringOptions clustering, NeighbourIndexOptions index, DedupOptions dedup,
                                 UncertaintyOptions uncertainty, HardExampleOptions hardExamples,
                                 int validationPercent, CalibrationOptions calibration) implements Serializable {
    private static final Set<String> KEYS = Set.of("algorithm", "threshold", "neighbours", "minEdgeSimilarity", "index",
            "dedup", "review", "manifest", "calibration");

    public ClusteringSettings {
        if (validationPercent < 0 || validationPercent > 100) {
            throw new IllegalArgumentException("clustering.manifest.validationPercent must be in [0, 100], got " + validationPercent);
        }
    }

    public static ClusteringSettings fromTree(JsonNode section) {
        if (section == null || !section.isObject()) {
            throw new IllegalArgumentException("the configuration has no clustering section");
        }
        for (Iterator<String> keys = section.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key clustering." + key + "; known: " + KEYS);
            }
        }
        JsonNode review = section.path("review");
        return new ClusteringSettings(ClusteringOptions.fromTree(section),
                NeighbourIndexOptions.fromTree(section.path("index")),
                DedupOptions.fromTree(section.path("dedup")),
                UncertaintyOptions.fromTree(review.path("uncertainty")),
                HardExampleOptions.fromTree(review.path("hardExamples")),
                section.path("manifest").path("validationPercent").asInt(10),
                CalibrationOptions.fromTree(section.path("calibration")));
    }

    /** The same settings cutting at another clustering threshold (for threshold sweeps). */
    public ClusteringSettings withThreshold(float threshold) {
        ClusteringOptions c = new ClusteringOptions(clustering.algorithm(), threshold, clustering.neighbours(),
                Math.min(clustering.minEdgeSimilarity(), threshold));
        return new ClusteringSettings(c, index, dedup, uncertainty, hardExamples, validationPercent, calibration);
    }

    /** The same settings with other dedup thresholds (the run's calibrated ones). */
    public ClusteringSettings withDedup(DedupOptions calibrated) {
        return new ClusteringSettings(clustering, index, calibrated, uncertainty, hardExamples, validationPercent, calibration);
    }
}

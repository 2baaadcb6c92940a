package io.faceengine.clustering.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Intra-set clustering: which algorithm, where it cuts, and how the similarity graph is built.
 *
 * @param algorithm         a name from {@link ClusteringAlgorithms#names()}
 * @param threshold         cosine similarity at which the algorithm cuts
 * @param neighbours        k of the kNN graph each face is linked to
 * @param minEdgeSimilarity edges below this are not kept in the graph at all
 */
public record ClusteringOptions(String algorithm, float threshold, int neighbours, float minEdgeSimilarity)
        implements java.io.Serializable {
    public ClusteringOptions {
        if (!ClusteringAlgorithms.names().contains(algorithm)) {
            throw new IllegalArgumentException("clustering.algorithm '" + algorithm + "' is unknown; known: "
                    + ClusteringAlgorithms.names());
        }
        if (!(threshold > -1 && threshold < 1)) {
            throw new IllegalArgumentException("clustering.threshold must be a cosine in (-1, 1), got " + threshold);
        }
        if (neighbours < 1) {
            throw new IllegalArgumentException("clustering.neighbours must be positive, got " + neighbours);
        }
        if (minEdgeSimilarity > threshold) {
            throw new IllegalArgumentException("clustering.minEdgeSimilarity (" + minEdgeSimilarity
                    + ") must not exceed clustering.threshold (" + threshold + ")");
        }
    }

    /** Reads the keys of the {@code clustering} section this record owns. */
    public static ClusteringOptions fromTree(JsonNode section) {
        return new ClusteringOptions(
                required(section, "algorithm").asText(),
                (float) required(section, "threshold").asDouble(),
                required(section, "neighbours").asInt(),
                (float) required(section, "minEdgeSimilarity").asDouble());
    }

    public ClusteringAlgorithm algorithmInstance() {
        return ClusteringAlgorithms.create(algorithm, threshold);
    }

    static JsonNode required(JsonNode section, String key) {
        JsonNode value = section == null ? null : section.get(key);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("clustering." + key + " is missing from the configuration");
        }
        return value;
    }
}

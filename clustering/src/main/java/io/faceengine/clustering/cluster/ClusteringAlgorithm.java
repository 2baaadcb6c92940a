package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;

/**
 * Partitions the items of a similarity graph into clusters. Implementations are deterministic
 * (same graph, same labels) and never put two cannot-link items in one cluster.
 */
public interface ClusteringAlgorithm {

    /** A short name for reports and config, e.g. {@code threshold-components}. */
    String name();

    /**
     * Cluster labels per item, numbered 0..m-1 in order of each cluster's smallest item, so equal
     * partitions always get equal labels.
     */
    int[] cluster(SimilarityGraph graph, CannotLink cannotLink);
}

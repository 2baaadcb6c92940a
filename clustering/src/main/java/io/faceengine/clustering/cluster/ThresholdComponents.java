package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;

/**
 * Graph-threshold connected components with edge pruning: edges below the threshold are dropped,
 * and the rest are joined strongest first, skipping any edge whose union would put two cannot-link
 * faces together. Strongest-first means a conflict is resolved in favour of the better match
 * (this is constrained single-link clustering cut at the threshold).
 */
public final class ThresholdComponents implements ClusteringAlgorithm {
    public static final String NAME = "threshold-components";
    private final float threshold;

    public ThresholdComponents(float threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] cluster(SimilarityGraph graph, CannotLink cannotLink) {
        cannotLink.requireSameItems(graph);
        ConstrainedUnionFind sets = new ConstrainedUnionFind(cannotLink);
        int[][] edges = graph.edgesByWeightDescending();
        for (int e = 0; e < edges[0].length; e++) {
            int slot = edges[1][e];
            if (graph.weight(slot) < threshold) {
                break;
            }
            sets.union(edges[0][e], graph.target(slot));
        }
        return sets.labels();
    }
}

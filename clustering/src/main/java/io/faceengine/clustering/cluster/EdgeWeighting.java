package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;

/**
 * How a kept edge (cosine similarity at or above the threshold) turns into the weight that carries
 * flow in {@link Infomap}. Only relative weights matter: the map equation normalises them.
 */
public enum EdgeWeighting {
    /** The cosine similarity itself. */
    COSINE("cosine"),
    /** The cosine minus the threshold: an edge just above the floor carries almost no flow. */
    ABOVE_THRESHOLD("above-threshold"),
    /**
     * One plus the number of neighbours both ends share among kept edges (Jarvis-Patrick style):
     * an edge inside a dense group weighs more than a lone bridge of the same cosine.
     */
    SHARED_NEIGHBOURS("shared-neighbours");

    private final String label;

    EdgeWeighting(String label) {
        this.label = label;
    }

    /** A short name for reports. */
    public String label() {
        return label;
    }

    /**
     * Weight per slot of {@code graph} (aligned with {@link SimilarityGraph#target}); 0 for edges
     * below the threshold, which carry no flow.
     */
    double[] weights(SimilarityGraph graph, float threshold) {
        int n = graph.items();
        double[] weight = new double[n == 0 ? 0 : graph.end(n - 1)];
        int[] stamp = new int[n];
        for (int a = 0; a < n; a++) {
            if (this == SHARED_NEIGHBOURS) {
                // Mark a's kept neighbours (stamp a+1, so 0 means unmarked).
                for (int s = graph.start(a); s < graph.end(a); s++) {
                    if (graph.weight(s) >= threshold) {
                        stamp[graph.target(s)] = a + 1;
                    }
                }
            }
            for (int s = graph.start(a); s < graph.end(a); s++) {
                float cosine = graph.weight(s);
                if (!(cosine >= threshold)) {
                    continue;
                }
                weight[s] = switch (this) {
                    case COSINE -> cosine;
                    case ABOVE_THRESHOLD -> cosine - threshold;
                    case SHARED_NEIGHBOURS -> 1 + shared(graph, threshold, graph.target(s), stamp, a + 1);
                };
            }
        }
        return weight;
    }

    private static int shared(SimilarityGraph graph, float threshold, int b, int[] stamp, int mark) {
        int count = 0;
        for (int s = graph.start(b); s < graph.end(b); s++) {
            if (graph.weight(s) >= threshold && stamp[graph.target(s)] == mark) {
                count++;
            }
        }
        return count;
    }
}

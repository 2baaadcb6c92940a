package io.faceengine.clustering.review;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;

/**
 * A clustering result as the review tools read it: faces, their cluster labels (0..m-1, every label
 * used, as {@link io.faceengine.clustering.cluster.ClusteringAlgorithm} returns them), the similarity
 * graph the clustering ran on, its cannot-link constraints and the threshold it cut at. The same
 * shape serves cross-set review when labels are resolved identities over the faces of a run.
 */
public record ClusteredFaces(VectorSet faces, int[] labels, SimilarityGraph graph, CannotLink cannotLink, float threshold) {

    public ClusteredFaces {
        int n = faces.size();
        if (labels.length != n || graph.items() != n || cannotLink.items() != n) {
            throw new IllegalArgumentException("faces " + n + ", labels " + labels.length + ", graph " + graph.items()
                    + ", constraints " + cannotLink.items() + ": all must agree");
        }
        int max = -1;
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("labels must be >= 0, got " + label);
            }
            max = Math.max(max, label);
        }
        boolean[] used = new boolean[max + 1];
        for (int label : labels) {
            used[label] = true;
        }
        for (int label = 0; label <= max; label++) {
            if (!used[label]) {
                throw new IllegalArgumentException("label " + label + " has no faces; labels must be 0..m-1");
            }
        }
        if (!Float.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold " + threshold);
        }
    }

    public int clusters() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}

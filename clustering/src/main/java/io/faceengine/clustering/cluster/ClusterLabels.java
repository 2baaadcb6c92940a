package io.faceengine.clustering.cluster;

import java.util.HashMap;
import java.util.Map;

/** Helpers for cluster label arrays. */
public final class ClusterLabels {
    private ClusterLabels() {
    }

    /** Renumbers arbitrary labels 0..m-1 in order of first appearance (each cluster's smallest item). */
    public static int[] canonical(int[] labels) {
        Map<Integer, Integer> renumber = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = renumber.computeIfAbsent(labels[i], l -> renumber.size());
        }
        return out;
    }

    public static int count(int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}

package io.faceengine.clustering.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pairs of items that must never share a cluster: every two faces of one photo (a person appears
 * once per photo), plus explicit pairs such as a human's "different people" decision.
 *
 * @param group         per item a group number (e.g. the photo); items of one group cannot link. -1 = no group.
 * @param explicitPairs further pairs {a, b} that cannot link
 */
public record CannotLink(int[] group, List<int[]> explicitPairs) {

    public CannotLink {
        explicitPairs = List.copyOf(explicitPairs);
    }

    public static CannotLink none(int items) {
        int[] group = new int[items];
        Arrays.fill(group, -1);
        return new CannotLink(group, List.of());
    }

    public static CannotLink byGroup(int[] group) {
        return new CannotLink(group.clone(), List.of());
    }

    public CannotLink withPairs(List<int[]> pairs) {
        List<int[]> all = new ArrayList<>(explicitPairs);
        all.addAll(pairs);
        return new CannotLink(group, all);
    }

    public int items() {
        return group.length;
    }

    /** Refuses constraints that were built for another set of items than the graph's. */
    public void requireSameItems(io.faceengine.clustering.graph.SimilarityGraph graph) {
        if (graph.items() != items()) {
            throw new IllegalArgumentException("graph has " + graph.items() + " items, constraints " + items());
        }
    }
}

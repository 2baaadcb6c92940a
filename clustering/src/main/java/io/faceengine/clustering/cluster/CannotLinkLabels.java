package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.HashMap;
import java.util.Map;

/**
 * Item labels that change one move at a time under cannot-link, for the algorithms that move
 * items between clusters (Chinese Whispers, Infomap): a move is allowed only if the target label
 * holds no cannot-link partner of the moving items. Each label counts its members per group, so
 * the group check is one lookup per item; explicit pairs are checked against the partner's label.
 */
final class CannotLinkLabels {
    private final int[] group;
    private final int[][] partners;
    private final int[] label;
    /** Members per (label, group); a label holds group g iff the key is present. */
    private final Map<Long, Integer> groupMembers = new HashMap<>();

    /** Starts from the given labels, which must not already break a constraint. */
    CannotLinkLabels(CannotLink cannotLink, int[] initialLabels) {
        if (initialLabels.length != cannotLink.items()) {
            throw new IllegalArgumentException(initialLabels.length + " labels for " + cannotLink.items() + " items");
        }
        this.group = cannotLink.group();
        this.partners = explicitPartners(cannotLink);
        this.label = initialLabels.clone();
        for (int i = 0; i < label.length; i++) {
            if (group[i] >= 0) {
                groupMembers.merge(key(label[i], group[i]), 1, Integer::sum);
            }
        }
    }

    /** Every item on a label of its own. */
    static CannotLinkLabels singletons(CannotLink cannotLink) {
        return new CannotLinkLabels(cannotLink, SeededOrder.identity(cannotLink.items()));
    }

    int label(int item) {
        return label[item];
    }

    /** The current labels (a copy; not canonical). */
    int[] labels() {
        return label.clone();
    }

    /** Whether {@code item} may join {@code candidate}. */
    boolean allowed(int item, int candidate) {
        if (group[item] >= 0 && groupMembers.containsKey(key(candidate, group[item]))) {
            return false;
        }
        for (int partner : partners[item]) {
            if (label[partner] == candidate) {
                return false;
            }
        }
        return true;
    }

    /** Whether the items (all on one label, other than {@code candidate}) may join {@code candidate} together. */
    boolean allowed(int[] items, int candidate) {
        for (int item : items) {
            if (!allowed(item, candidate)) {
                return false;
            }
        }
        return true;
    }

    void move(int item, int to) {
        int from = label[item];
        if (from == to) {
            return;
        }
        if (group[item] >= 0) {
            groupMembers.merge(key(from, group[item]), -1, (a, b) -> a + b == 0 ? null : a + b);
            groupMembers.merge(key(to, group[item]), 1, Integer::sum);
        }
        label[item] = to;
    }

    void move(int[] items, int to) {
        for (int item : items) {
            move(item, to);
        }
    }

    /**
     * Final labels: each label's members joined along the graph's edges at or above the threshold,
     * strongest first, under the constraints. This splits a label whose members lost their
     * connection when a bridging item moved away, and guarantees no violation in the output.
     * Labels come out canonical (numbered by each cluster's smallest item).
     */
    static int[] rejoinWithinLabels(SimilarityGraph graph, CannotLink cannotLink, float threshold, int[] label) {
        ConstrainedUnionFind sets = new ConstrainedUnionFind(cannotLink);
        int[][] edges = graph.edgesByWeightDescending();
        for (int e = 0; e < edges[0].length; e++) {
            int slot = edges[1][e];
            if (graph.weight(slot) < threshold) {
                break;
            }
            int a = edges[0][e];
            int b = graph.target(slot);
            if (label[a] == label[b]) {
                sets.union(a, b);
            }
        }
        return sets.labels();
    }

    private static int[][] explicitPartners(CannotLink cannotLink) {
        int n = cannotLink.items();
        int[] count = new int[n];
        for (int[] pair : cannotLink.explicitPairs()) {
            count[pair[0]]++;
            count[pair[1]]++;
        }
        int[][] partners = new int[n][];
        for (int i = 0; i < n; i++) {
            partners[i] = new int[count[i]];
            count[i] = 0;
        }
        for (int[] pair : cannotLink.explicitPairs()) {
            partners[pair[0]][count[pair[0]]++] = pair[1];
            partners[pair[1]][count[pair[1]]++] = pair[0];
        }
        return partners;
    }

    private static long key(int label, int group) {
        return ((long) label << 32) | (group & 0xFFFFFFFFL);
    }
}

package io.faceengine.clustering.graph;

import java.util.Arrays;

/**
 * An undirected weighted graph over items 0..n-1, stored as compressed rows (each edge appears in
 * both endpoints' rows). Built from a kNN search by keeping the pairs whose cosine similarity is at
 * least a floor: the union of both directions, so a pair is an edge if either item lists the other.
 */
public final class SimilarityGraph {
    private final int items;
    private final int[] offsets;
    private final int[] targets;
    private final float[] weights;

    private SimilarityGraph(int items, int[] offsets, int[] targets, float[] weights) {
        this.items = items;
        this.offsets = offsets;
        this.targets = targets;
        this.weights = weights;
    }

    /** Keeps neighbour pairs with similarity >= minSimilarity; duplicates (a→b and b→a) become one edge. */
    public static SimilarityGraph fromNeighbours(Neighbours neighbours, float minSimilarity) {
        int n = neighbours.queries();
        long[] keys = new long[neighbours.ids().length];
        float[] keyWeights = new float[keys.length];
        int count = 0;
        for (int q = 0; q < n; q++) {
            for (int r = 0; r < neighbours.k(); r++) {
                int other = neighbours.id(q, r);
                float similarity = neighbours.similarity(q, r);
                if (other < 0 || other == q || !(similarity >= minSimilarity)) {
                    continue;
                }
                int a = Math.min(q, other);
                int b = Math.max(q, other);
                keys[count] = ((long) a << 32) | b;
                keyWeights[count] = similarity;
                count++;
            }
        }
        return fromPairs(n, Arrays.copyOf(keys, count), Arrays.copyOf(keyWeights, count));
    }

    /** Builds from explicit edges {a[i], b[i], weight[i]}; repeated pairs keep the larger weight. */
    public static SimilarityGraph fromEdges(int items, int[] a, int[] b, float[] weight) {
        long[] keys = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i] || a[i] < 0 || b[i] < 0 || a[i] >= items || b[i] >= items) {
                throw new IllegalArgumentException("bad edge " + a[i] + "-" + b[i] + " for " + items + " items");
            }
            keys[i] = ((long) Math.min(a[i], b[i]) << 32) | Math.max(a[i], b[i]);
        }
        return fromPairs(items, keys, weight.clone());
    }

    private static SimilarityGraph fromPairs(int items, long[] keys, float[] keyWeights) {
        // Sort pair keys (carrying weights) and fold repeats.
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(keys[x], keys[y]));
        long[] uniqueKeys = new long[keys.length];
        float[] uniqueWeights = new float[keys.length];
        int unique = 0;
        for (int idx : order) {
            if (unique > 0 && uniqueKeys[unique - 1] == keys[idx]) {
                uniqueWeights[unique - 1] = Math.max(uniqueWeights[unique - 1], keyWeights[idx]);
            } else {
                uniqueKeys[unique] = keys[idx];
                uniqueWeights[unique] = keyWeights[idx];
                unique++;
            }
        }
        int[] degree = new int[items + 1];
        for (int e = 0; e < unique; e++) {
            degree[(int) (uniqueKeys[e] >>> 32)]++;
            degree[(int) uniqueKeys[e]]++;
        }
        int[] offsets = new int[items + 1];
        for (int i = 0; i < items; i++) {
            offsets[i + 1] = offsets[i] + degree[i];
        }
        int[] fill = Arrays.copyOf(offsets, items);
        int[] targets = new int[offsets[items]];
        float[] weights = new float[offsets[items]];
        for (int e = 0; e < unique; e++) {
            int a = (int) (uniqueKeys[e] >>> 32);
            int b = (int) uniqueKeys[e];
            targets[fill[a]] = b;
            weights[fill[a]++] = uniqueWeights[e];
            targets[fill[b]] = a;
            weights[fill[b]++] = uniqueWeights[e];
        }
        return new SimilarityGraph(items, offsets, targets, weights);
    }

    public int items() {
        return items;
    }

    /** Number of undirected edges. */
    public int edges() {
        return targets.length / 2;
    }

    public int degree(int item) {
        return offsets[item + 1] - offsets[item];
    }

    /** Index range [start(item), end(item)) into {@link #target} and {@link #weight}. */
    public int start(int item) {
        return offsets[item];
    }

    public int end(int item) {
        return offsets[item + 1];
    }

    public int target(int slot) {
        return targets[slot];
    }

    public float weight(int slot) {
        return weights[slot];
    }

    /**
     * Every undirected edge once, as slots (into target/weight, with the smaller endpoint as source),
     * ordered by weight descending then by endpoints: a deterministic order for greedy merging.
     */
    public int[][] edgesByWeightDescending() {
        int[] source = new int[edges()];
        int[] slot = new int[edges()];
        int e = 0;
        for (int i = 0; i < items; i++) {
            for (int s = offsets[i]; s < offsets[i + 1]; s++) {
                if (targets[s] > i) {
                    source[e] = i;
                    slot[e++] = s;
                }
            }
        }
        Integer[] order = new Integer[e];
        for (int i = 0; i < e; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int byWeight = Float.compare(weights[slot[y]], weights[slot[x]]);
            if (byWeight != 0) {
                return byWeight;
            }
            int bySource = Integer.compare(source[x], source[y]);
            return bySource != 0 ? bySource : Integer.compare(targets[slot[x]], targets[slot[y]]);
        });
        int[] sortedSource = new int[e];
        int[] sortedSlot = new int[e];
        for (int i = 0; i < e; i++) {
            sortedSource[i] = source[order[i]];
            sortedSlot[i] = slot[order[i]];
        }
        return new int[][]{sortedSource, sortedSlot};
    }
}

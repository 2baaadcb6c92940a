package io.faceengine.clustering.cluster;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Hand-made and seeded random graphs and constraint checks shared by the clustering tests. */
public final class ClusteringTestGraphs {
    private ClusteringTestGraphs() {
    }

    /** A graph from {a, b, weight} triples. */
    public static SimilarityGraph graph(int items, double[]... triples) {
        int[] a = new int[triples.length];
        int[] b = new int[triples.length];
        float[] w = new float[triples.length];
        for (int i = 0; i < triples.length; i++) {
            a[i] = (int) triples[i][0];
            b[i] = (int) triples[i][1];
            w[i] = (float) triples[i][2];
        }
        return SimilarityGraph.fromEdges(items, a, b, w);
    }

    /** Two cliques of {@code size} items (0..size-1 and size..2·size-1) with internal weight, joined by one bridge. */
    static SimilarityGraph twoCliquesWithBridge(int size, double internal, double bridge) {
        List<double[]> edges = new ArrayList<>();
        for (int offset : new int[]{0, size}) {
            for (int i = 0; i < size; i++) {
                for (int j = i + 1; j < size; j++) {
                    edges.add(new double[]{offset + i, offset + j, internal});
                }
            }
        }
        edges.add(new double[]{size - 1, size, bridge});
        return graph(2 * size, edges.toArray(new double[0][]));
    }

    /** A path 0-1-...-(items-1) with equal weights. */
    static SimilarityGraph chain(int items, double weight) {
        double[][] edges = new double[items - 1][];
        for (int i = 0; i + 1 < items; i++) {
            edges[i] = new double[]{i, i + 1, weight};
        }
        return graph(items, edges);
    }

    /** Each pair is an edge with the given probability, weight uniform in [0, 1). */
    static SimilarityGraph random(int items, double density, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> edges = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            for (int j = i + 1; j < items; j++) {
                if (random.nextDouble() < density) {
                    edges.add(new double[]{i, j, random.nextDouble()});
                }
            }
        }
        return graph(items, edges.toArray(new double[0][]));
    }

    /** Random groups (about a third of items ungrouped) plus a few explicit pairs. */
    static CannotLink randomConstraints(int items, int groups, int pairs, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] group = new int[items];
        for (int i = 0; i < items; i++) {
            group[i] = random.nextInt(3) == 0 ? -1 : random.nextInt(groups);
        }
        List<int[]> explicit = new ArrayList<>();
        while (explicit.size() < pairs) {
            int a = random.nextInt(items);
            int b = random.nextInt(items);
            if (a != b) {
                explicit.add(new int[]{a, b});
            }
        }
        return CannotLink.byGroup(group).withPairs(explicit);
    }

    static void assertRespects(CannotLink cannotLink, int[] labels) {
        int[] group = cannotLink.group();
        for (int i = 0; i < labels.length; i++) {
            for (int j = i + 1; j < labels.length; j++) {
                if (group[i] >= 0 && group[i] == group[j]) {
                    assertNotEquals(labels[i], labels[j], "items " + i + " and " + j + " share group " + group[i]);
                }
            }
        }
        for (int[] pair : cannotLink.explicitPairs()) {
            assertNotEquals(labels[pair[0]], labels[pair[1]], "explicit pair " + pair[0] + "-" + pair[1]);
        }
    }

    /** Labels are 0..m-1 in order of first appearance. */
    static void assertCanonical(int[] labels) {
        int next = 0;
        for (int label : labels) {
            assertTrue(label <= next, "label " + label + " appears before label " + next);
            if (label == next) {
                next++;
            }
        }
    }

    /** True when every cluster of {@code fine} lies inside one cluster of {@code coarse}. */
    static boolean refines(int[] fine, int[] coarse) {
        int[] coarseOf = new int[fine.length];
        Arrays.fill(coarseOf, -1);
        for (int i = 0; i < fine.length; i++) {
            if (coarseOf[fine[i]] == -1) {
                coarseOf[fine[i]] = coarse[i];
            } else if (coarseOf[fine[i]] != coarse[i]) {
                return false;
            }
        }
        return true;
    }
}

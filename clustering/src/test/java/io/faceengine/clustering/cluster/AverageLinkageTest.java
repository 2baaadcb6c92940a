package io.faceengine.clustering.cluster;

import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertCanonical;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertRespects;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AverageLinkageTest {

    @Test
    void weakBridgeDoesNotJoinTwoCliques() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(4, 0.9, 0.5);
        // Between the cliques: 0.5 / (4·4) ≈ 0.03, far below the threshold.
        assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1, 1, 1}, new AverageLinkage(0.4f).cluster(g, CannotLink.none(8)));
    }

    @Test
    void chainSplitsWhereSingleLinkJoinsIt() {
        SimilarityGraph g = ClusteringTestGraphs.chain(6, 0.8);
        // Equal weights: (0,1) merges first by id; then {0,1}-2 averages 0.8/2 = 0.4 < 0.5, so
        // (2,3) and (4,5) merge and every pair of the three clusters averages 0.8/4 = 0.2.
        assertArrayEquals(new int[]{0, 0, 1, 1, 2, 2}, new AverageLinkage(0.5f).cluster(g, CannotLink.none(6)));
        assertArrayEquals(new int[6], new ThresholdComponents(0.5f).cluster(g, CannotLink.none(6)));
    }

    @Test
    void missingEdgesCountAsZero() {
        // 0-1 and 1-2 at 0.9 but no 0-2 edge: {0,1}+2 averages 0.9/2 = 0.45.
        SimilarityGraph g = graph(3, new double[]{0, 1, 0.9}, new double[]{1, 2, 0.9});
        assertArrayEquals(new int[]{0, 0, 1}, new AverageLinkage(0.46f).cluster(g, CannotLink.none(3)));
        assertArrayEquals(new int[]{0, 0, 0}, new AverageLinkage(0.44f).cluster(g, CannotLink.none(3)));
    }

    @Test
    void cannotLinkHoldsEvenWithStrongEdges() {
        SimilarityGraph g = graph(3, new double[]{0, 1, 0.99}, new double[]{1, 2, 0.99}, new double[]{0, 2, 0.99});
        assertArrayEquals(new int[]{0, 0, 1}, new AverageLinkage(0.5f).cluster(g, CannotLink.byGroup(new int[]{3, -1, 3})));
        CannotLink pair = CannotLink.none(3).withPairs(List.of(new int[]{1, 2}));
        assertArrayEquals(new int[]{0, 0, 1}, new AverageLinkage(0.5f).cluster(g, pair));
        // Without constraints the triangle is one cluster.
        assertArrayEquals(new int[]{0, 0, 0}, new AverageLinkage(0.5f).cluster(g, CannotLink.none(3)));
    }

    @Test
    void matchesNaiveAverageLinkageOnRandomGraphs() {
        double[] densities = {0.05, 0.2, 1.0};
        for (long seed = 1; seed <= 24; seed++) {
            int n = 25 + (int) (seed % 4) * 5;
            SimilarityGraph g = ClusteringTestGraphs.random(n, densities[(int) (seed % 3)], seed);
            CannotLink constraints = seed % 2 == 0
                    ? CannotLink.none(n) : ClusteringTestGraphs.randomConstraints(n, 8, 5, seed);
            for (float threshold : new float[]{0.1f, 0.3f, 0.6f}) {
                int[] labels = new AverageLinkage(threshold).cluster(g, constraints);
                assertArrayEquals(naive(g, constraints, threshold), labels, "seed " + seed + " threshold " + threshold);
                assertRespects(constraints, labels);
                assertCanonical(labels);
            }
        }
    }

    @Test
    void sameInputGivesSameLabels() {
        SimilarityGraph g = ClusteringTestGraphs.random(300, 0.03, 7);
        CannotLink constraints = ClusteringTestGraphs.randomConstraints(300, 60, 30, 7);
        assertArrayEquals(new AverageLinkage(0.2f).cluster(g, constraints), new AverageLinkage(0.2f).cluster(g, constraints));
    }

    @Test
    void emptyGraphAndIsolatedItemsAreSingletons() {
        assertArrayEquals(new int[0], new AverageLinkage(0.5f).cluster(graph(0), CannotLink.none(0)));
        assertArrayEquals(new int[]{0, 1, 2, 3}, new AverageLinkage(0.5f).cluster(graph(4), CannotLink.none(4)));
    }

    /** Textbook O(n³) version: recompute every cluster pair's average, merge the best allowed one. */
    private static int[] naive(SimilarityGraph g, CannotLink constraints, float threshold) {
        int n = g.items();
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int s = g.start(i); s < g.end(i); s++) {
                w[i][g.target(s)] = g.weight(s);
            }
        }
        List<List<Integer>> clusters = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clusters.add(new ArrayList<>(List.of(i)));
        }
        while (true) {
            int bestA = -1;
            int bestB = -1;
            double best = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < clusters.size(); a++) {
                for (int b = a + 1; b < clusters.size(); b++) {
                    double sum = 0;
                    for (int x : clusters.get(a)) {
                        for (int y : clusters.get(b)) {
                            sum += w[x][y];
                        }
                    }
                    double average = sum / ((double) clusters.get(a).size() * clusters.get(b).size());
                    if (average >= threshold && average > best && !conflict(clusters.get(a), clusters.get(b), constraints)) {
                        best = average;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (bestA < 0) {
                break;
            }
            clusters.get(bestA).addAll(clusters.remove(bestB));
        }
        int[] labels = new int[n];
        for (int c = 0; c < clusters.size(); c++) {
            for (int item : clusters.get(c)) {
                labels[item] = c;
            }
        }
        return ClusterLabels.canonical(labels);
    }

    private static boolean conflict(List<Integer> a, List<Integer> b, CannotLink constraints) {
        for (int x : a) {
            for (int y : b) {
                int gx = constraints.group()[x];
                if (gx >= 0 && gx == constraints.group()[y]) {
                    return true;
                }
                for (int[] pair : constraints.explicitPairs()) {
                    if ((pair[0] == x && pair[1] == y) || (pair[0] == y && pair[1] == x)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

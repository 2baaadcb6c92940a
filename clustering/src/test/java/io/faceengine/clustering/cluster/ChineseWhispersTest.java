package io.faceengine.clustering.cluster;

import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertCanonical;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertRespects;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChineseWhispersTest {

    @Test
    void weakBridgeAboveThresholdDoesNotJoinTwoCliques() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(4, 0.9, 0.5);
        CannotLink none = CannotLink.none(8);
        assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1, 1, 1}, new ChineseWhispers(0.4f).cluster(g, none));
        // Components chain through the bridge: the case chinese whispers is for.
        assertArrayEquals(new int[8], new ThresholdComponents(0.4f).cluster(g, none));
    }

    @Test
    void bridgeBelowThresholdIsPruned() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(3, 0.9, 0.5);
        assertArrayEquals(new int[]{0, 0, 0, 1, 1, 1}, new ChineseWhispers(0.6f).cluster(g, CannotLink.none(6)));
    }

    @Test
    void heavierSideWinsAContestedItem() {
        // Item 4 touches a 3-clique with total 1.2 and a 2-clique with 0.9: it joins the heavier side.
        SimilarityGraph g = graph(6,
                new double[]{0, 1, 0.9}, new double[]{0, 2, 0.9}, new double[]{1, 2, 0.9},
                new double[]{3, 5, 0.9},
                new double[]{4, 0, 0.4}, new double[]{4, 1, 0.4}, new double[]{4, 2, 0.4},
                new double[]{4, 3, 0.45}, new double[]{4, 5, 0.45});
        int[] labels = new ChineseWhispers(0.3f).cluster(g, CannotLink.none(6));
        assertArrayEquals(new int[]{0, 0, 0, 1, 0, 1}, labels);
    }

    @Test
    void sameGroupNeverSharesAClusterEvenWithStrongEdges() {
        SimilarityGraph g = graph(3, new double[]{0, 1, 0.99}, new double[]{1, 2, 0.99}, new double[]{0, 2, 0.99});
        CannotLink sameGroup = CannotLink.byGroup(new int[]{7, -1, 7});
        int[] labels = new ChineseWhispers(0.5f).cluster(g, sameGroup);
        assertNotEquals(labels[0], labels[2]);
        assertEquals(2, ClusterLabels.count(labels));
    }

    @Test
    void explicitPairNeverSharesAClusterEvenWithStrongEdges() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(4, 0.95, 0.1);
        CannotLink apart = CannotLink.none(8).withPairs(List.of(new int[]{0, 3}, new int[]{5, 6}));
        int[] labels = new ChineseWhispers(0.5f).cluster(g, apart);
        assertRespects(apart, labels);
        // Each clique splits into exactly two clusters; no item is left on its own needlessly.
        assertEquals(4, ClusterLabels.count(labels));
    }

    @Test
    void randomGraphsRespectConstraintsAndStayInsideComponents() {
        for (long seed = 1; seed <= 30; seed++) {
            SimilarityGraph g = ClusteringTestGraphs.random(60, 0.15, seed);
            CannotLink constraints = ClusteringTestGraphs.randomConstraints(60, 12, 10, seed);
            int[] labels = new ChineseWhispers(0.4f).cluster(g, constraints);
            assertRespects(constraints, labels);
            assertCanonical(labels);
            int[] components = new ThresholdComponents(0.4f).cluster(g, CannotLink.none(60));
            assertTrue(ClusteringTestGraphs.refines(labels, components), "seed " + seed);
        }
    }

    @Test
    void propagationItselfNeverAdoptsAForbiddenLabel() {
        // The final rejoin would hide a violation; check the propagation's own bookkeeping.
        for (long seed = 1; seed <= 30; seed++) {
            SimilarityGraph g = ClusteringTestGraphs.random(60, 0.2, seed);
            CannotLink constraints = ClusteringTestGraphs.randomConstraints(60, 6, 20, seed);
            assertRespects(constraints, new ChineseWhispers(0.3f).propagate(g, constraints));
        }
    }

    @Test
    void sameInputGivesSameLabels() {
        SimilarityGraph g = ClusteringTestGraphs.random(200, 0.05, 42);
        CannotLink constraints = ClusteringTestGraphs.randomConstraints(200, 40, 20, 42);
        int[] first = new ChineseWhispers(0.3f).cluster(g, constraints);
        int[] second = new ChineseWhispers(0.3f).cluster(g, constraints);
        assertArrayEquals(first, second);
    }

    @Test
    void emptyGraphAndIsolatedItemsAreSingletons() {
        assertArrayEquals(new int[0], new ChineseWhispers(0.5f).cluster(graph(0), CannotLink.none(0)));
        assertArrayEquals(new int[]{0, 1, 2, 3}, new ChineseWhispers(0.5f).cluster(graph(4), CannotLink.none(4)));
        SimilarityGraph weak = graph(3, new double[]{0, 1, 0.2}, new double[]{1, 2, 0.3});
        assertArrayEquals(new int[]{0, 1, 2}, new ChineseWhispers(0.5f).cluster(weak, CannotLink.none(3)));
    }
}

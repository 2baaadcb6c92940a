package io.faceengine.clustering.calibration;

import io.faceengine.clustering.graph.SimilarityGraph;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static io.faceengine.clustering.cluster.ClusteringTestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPrecisionTest {
    /** One person certainly at 0.8 and above, a coin toss at 0.5, two people below 0.3. */
    private static final DoubleUnaryOperator POSTERIOR = s -> s >= 0.8 ? 1 : s >= 0.5 ? 0.5 : s >= 0.3 ? 0.1 : 0;

    @Test
    void aClusterHeldByStrongLinksIsPreciseWhateverItsWeakerEdges() {
        // 0-1-2 strongly linked, plus a weak edge 0-2 that the spanning tree does not need.
        SimilarityGraph g = graph(3, new double[]{0, 1, 0.9}, new double[]{1, 2, 0.85}, new double[]{0, 2, 0.4});
        assertEquals(1.0, ClusterPrecision.estimate(g, new int[]{0, 0, 0}, POSTERIOR)[0], 1e-12);
    }

    @Test
    void aWeakBridgeRisksItsSmallerSide() {
        // Two strong pairs {0,1} and {2,3,4} bridged by a coin-toss link: half the time the 2 faces are another person.
        SimilarityGraph g = graph(5, new double[]{0, 1, 0.9}, new double[]{2, 3, 0.9}, new double[]{3, 4, 0.9},
                new double[]{1, 2, 0.6});
        double[] precision = ClusterPrecision.estimate(g, new int[]{0, 0, 0, 0, 0}, POSTERIOR);
        assertEquals(1 - 0.5 * 2 / 5.0, precision[0], 1e-12);
    }

    @Test
    void eachClusterIsScoredOnItsOwnLinksAndSingletonsArePure() {
        // Cluster 0 = {0,1} linked at 0.6; cluster 1 = {2}; the 0.95 edge 1-2 crosses clusters and does not count.
        SimilarityGraph g = graph(3, new double[]{0, 1, 0.6}, new double[]{1, 2, 0.95});
        double[] precision = ClusterPrecision.estimate(g, new int[]{0, 0, 1}, POSTERIOR);
        assertEquals(0.75, precision[0], 1e-12);
        assertEquals(1.0, precision[1], 1e-12);
    }

    @Test
    void partsNoEdgeJoinsCountAsWrongButTheLargest() {
        // Labels put {0,1,2} and {3} in one cluster, but no edge reaches 3 (e.g. a group a person fixed).
        SimilarityGraph g = graph(4, new double[]{0, 1, 0.9}, new double[]{1, 2, 0.9});
        assertEquals(0.75, ClusterPrecision.estimate(g, new int[]{0, 0, 0, 0}, POSTERIOR)[0], 1e-12);
    }

    @Test
    void aLongChainOfDoubtfulLinksIsLessPreciseThanOneDoubtfulLeaf() {
        double[][] chain = new double[9][];
        for (int i = 0; i < 9; i++) {
            chain[i] = new double[]{i, i + 1, 0.6};
        }
        double chained = ClusterPrecision.estimate(graph(10, chain), new int[10], POSTERIOR)[0];
        double[][] star = new double[9][];
        for (int i = 0; i < 9; i++) {
            star[i] = new double[]{0, i + 1, i == 8 ? 0.6 : 0.9};
        }
        double leaf = ClusterPrecision.estimate(graph(10, star), new int[10], POSTERIOR)[0];
        assertEquals(0.95, leaf, 1e-12);
        assertTrue(chained < leaf, chained + " vs " + leaf);
    }
}

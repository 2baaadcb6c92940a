package io.faceengine.clustering.cluster;

import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertCanonical;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertRespects;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.graph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfomapTest {

    @Test
    void twoCliquesJoinedByAWeakEdgeSplitInTwo() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(4, 0.9, 0.5);
        for (EdgeWeighting weighting : EdgeWeighting.values()) {
            assertArrayEquals(new int[]{0, 0, 0, 0, 1, 1, 1, 1}, new Infomap(0.4f, weighting).cluster(g, CannotLink.none(8)),
                    weighting.label());
        }
        // The bridge is kept (0.5 >= 0.4), so components would join everything.
        assertArrayEquals(new int[8], new ThresholdComponents(0.4f).cluster(g, CannotLink.none(8)));
    }

    @Test
    void ringOfCliquesGivesOneModulePerClique() {
        // Ten 5-cliques, each joined to the next by one edge as strong as the cliques' own: only
        // the flow structure tells them apart (modularity merges neighbouring cliques on larger rings).
        int cliques = 10;
        int size = 5;
        SimilarityGraph g = ringOfCliques(cliques, size, 0.8);
        int[] labels = new Infomap(0.5f).cluster(g, CannotLink.none(cliques * size));
        int[] expected = new int[cliques * size];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = i / size;
        }
        assertArrayEquals(expected, labels);
    }

    @Test
    void itemsWithoutKeptEdgesStaySingletons() {
        assertArrayEquals(new int[0], new Infomap(0.5f).cluster(graph(0), CannotLink.none(0)));
        assertArrayEquals(new int[]{0, 1, 2, 3}, new Infomap(0.5f).cluster(graph(4), CannotLink.none(4)));
        // Edges below the threshold are not there for the walker.
        SimilarityGraph weak = graph(3, new double[]{0, 1, 0.2}, new double[]{1, 2, 0.3});
        assertArrayEquals(new int[]{0, 1, 2}, new Infomap(0.5f).cluster(weak, CannotLink.none(3)));
        // A clique next to three loners: the loners stay alone, the clique one module.
        SimilarityGraph mixed = graph(6, new double[]{0, 1, 0.9}, new double[]{0, 2, 0.9}, new double[]{1, 2, 0.9},
                new double[]{2, 3, 0.1}, new double[]{4, 5, 0.3});
        assertArrayEquals(new int[]{0, 0, 0, 1, 2, 3}, new Infomap(0.5f).cluster(mixed, CannotLink.none(6)));
    }

    @Test
    void aPairOnItsOwnIsOneCluster() {
        SimilarityGraph g = graph(3, new double[]{0, 2, 0.7});
        assertArrayEquals(new int[]{0, 1, 0}, new Infomap(0.5f).cluster(g, CannotLink.none(3)));
    }

    @Test
    void facesOfOnePhotoNeverShareAModule() {
        SimilarityGraph g = ClusteringTestGraphs.twoCliquesWithBridge(4, 0.95, 0.1);
        // Items 0 and 3 are in one photo; 5 and 6 are apart by a person's answer.
        CannotLink constraints = CannotLink.byGroup(new int[]{7, -1, -1, 7, -1, -1, -1, -1})
                .withPairs(List.of(new int[]{5, 6}));
        int[] labels = new Infomap(0.5f).cluster(g, constraints);
        assertRespects(constraints, labels);
        assertNotEquals(labels[0], labels[3]);
        assertNotEquals(labels[5], labels[6]);
        // Each clique splits into exactly two clusters; no item is left on its own needlessly.
        assertEquals(4, ClusterLabels.count(labels));
    }

    @Test
    void randomGraphsRespectConstraintsAndStayInsideComponents() {
        for (long seed = 1; seed <= 30; seed++) {
            SimilarityGraph g = ClusteringTestGraphs.random(60, 0.15, seed);
            CannotLink constraints = ClusteringTestGraphs.randomConstraints(60, 12, 10, seed);
            for (EdgeWeighting weighting : EdgeWeighting.values()) {
                int[] labels = new Infomap(0.4f, weighting).cluster(g, constraints);
                assertRespects(constraints, labels);
                assertCanonical(labels);
                int[] components = new ThresholdComponents(0.4f).cluster(g, CannotLink.none(60));
                assertTrue(ClusteringTestGraphs.refines(labels, components), "seed " + seed + " " + weighting.label());
            }
        }
    }

    @Test
    void sameInputGivesSameLabels() {
        SimilarityGraph g = ClusteringTestGraphs.random(200, 0.05, 42);
        CannotLink constraints = ClusteringTestGraphs.randomConstraints(200, 40, 20, 42);
        int[] first = new Infomap(0.3f).cluster(g, constraints);
        assertArrayEquals(first, new Infomap(0.3f).cluster(g, constraints));
        // The seed only orders the visits: on clear structure another seed finds the same modules.
        SimilarityGraph ring = ringOfCliques(8, 4, 0.9);
        assertArrayEquals(new Infomap(0.5f).cluster(ring, CannotLink.none(32)),
                new Infomap(0.5f, EdgeWeighting.COSINE, Infomap.DEFAULT_MAX_PASSES, 12345L).cluster(ring, CannotLink.none(32)));
    }

    @Test
    void foundPartitionCodesTheWalkShorterThanTrivialOnes() {
        SimilarityGraph g = ringOfCliques(6, 4, 0.9);
        FlowNetwork network = FlowNetwork.of(g, 0.5f, EdgeWeighting.COSINE);
        int[] found = new Infomap(0.5f).cluster(g, CannotLink.none(24));
        double modules = new MapEquation(network, found).codelength();
        double oneModule = new MapEquation(network, new int[24]).codelength();
        double singletons = new MapEquation(network, SeededOrder.identity(24)).codelength();
        assertTrue(modules < oneModule && oneModule < singletons, modules + " " + oneModule + " " + singletons);
    }

    @Test
    void deltaOfAMoveIsTheChangeOfTheCodelength() {
        for (long seed = 1; seed <= 10; seed++) {
            SimilarityGraph g = ClusteringTestGraphs.random(30, 0.3, seed);
            FlowNetwork network = FlowNetwork.of(g, 0.2f, EdgeWeighting.COSINE);
            int[] module = new int[30];
            for (int i = 0; i < 30; i++) {
                module[i] = i % 4;
            }
            MapEquation equation = new MapEquation(network, module);
            for (int node = 0; node < 30; node++) {
                int to = (equation.module(node) + 1) % 4;
                double toCurrent = 0;
                double toTarget = 0;
                for (int s = network.start(node); s < network.end(node); s++) {
                    int m = equation.module(network.target(s));
                    toCurrent += m == equation.module(node) ? network.edgeFlow(s) : 0;
                    toTarget += m == to ? network.edgeFlow(s) : 0;
                }
                double before = equation.codelength();
                double delta = equation.deltaOfMove(node, to, toCurrent, toTarget);
                equation.move(node, to, toCurrent, toTarget);
                int[] moved = equation.modules();
                assertEquals(new MapEquation(network, moved).codelength() - before, delta, 1e-9, "seed " + seed);
                assertEquals(new MapEquation(network, moved).codelength(), equation.codelength(), 1e-9);
            }
        }
    }

    @Test
    void aggregatingModulesKeepsTheCodelength() {
        SimilarityGraph g = ClusteringTestGraphs.random(40, 0.2, 7);
        FlowNetwork network = FlowNetwork.of(g, 0.3f, EdgeWeighting.COSINE);
        int[] module = new int[40];
        for (int i = 0; i < 40; i++) {
            module[i] = (i * 7) % 5;
        }
        double leafLevel = new MapEquation(network, module).codelength();
        FlowNetwork modules = network.aggregate(module, 5);
        assertEquals(leafLevel, new MapEquation(modules, SeededOrder.identity(5)).codelength(), 1e-12);
    }

    /** Cliques 0..c-1 of {@code size} items; the last item of each clique links to the first of the next. */
    static SimilarityGraph ringOfCliques(int cliques, int size, double weight) {
        List<double[]> edges = new ArrayList<>();
        for (int c = 0; c < cliques; c++) {
            int base = c * size;
            for (int i = 0; i < size; i++) {
                for (int j = i + 1; j < size; j++) {
                    edges.add(new double[]{base + i, base + j, weight});
                }
            }
            edges.add(new double[]{base + size - 1, ((c + 1) % cliques) * size, weight});
        }
        return graph(cliques * size, edges.toArray(new double[0][]));
    }
}

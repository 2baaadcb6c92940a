package io.faceengine.clustering.cluster;

import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertCanonical;
import static io.faceengine.clustering.cluster.ClusteringTestGraphs.assertRespects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.faceengine.clustering.graph.SimilarityGraph;
import org.junit.jupiter.api.Test;

class ClusteringAlgorithmsTest {

    @Test
    void everyNameCreatesThatAlgorithm() {
        assertEquals(4, ClusteringAlgorithms.names().size());
        for (String name : ClusteringAlgorithms.names()) {
            assertEquals(name, ClusteringAlgorithms.create(name, 0.5f).name());
        }
        assertThrows(IllegalArgumentException.class, () -> ClusteringAlgorithms.create("k-means", 0.5f));
    }

    @Test
    void everyAlgorithmRespectsConstraintsAndIsDeterministic() {
        for (String name : ClusteringAlgorithms.names()) {
            for (long seed = 100; seed < 110; seed++) {
                SimilarityGraph g = ClusteringTestGraphs.random(80, 0.1, seed);
                CannotLink constraints = ClusteringTestGraphs.randomConstraints(80, 10, 15, seed);
                int[] labels = ClusteringAlgorithms.create(name, 0.35f).cluster(g, constraints);
                assertRespects(constraints, labels);
                assertCanonical(labels);
                assertArrayEquals(labels, ClusteringAlgorithms.create(name, 0.35f).cluster(g, constraints), name);
            }
        }
    }

    @Test
    void mismatchedConstraintsAreRefused() {
        SimilarityGraph g = ClusteringTestGraphs.chain(4, 0.9);
        for (String name : ClusteringAlgorithms.names()) {
            assertThrows(IllegalArgumentException.class, () -> ClusteringAlgorithms.create(name, 0.5f).cluster(g, CannotLink.none(3)));
        }
    }
}

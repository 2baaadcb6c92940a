package io.faceengine.clustering.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SimilarityGraphTest {

    private static Map<Integer, Float> row(SimilarityGraph graph, int item) {
        Map<Integer, Float> row = new TreeMap<>();
        for (int s = graph.start(item); s < graph.end(item); s++) {
            row.put(graph.target(s), graph.weight(s));
        }
        return row;
    }

    @Test
    void keepsEitherDirectionOnceAndDropsWeakOrMissingEntries() {
        // 0 lists 1 (0.9) and 2 (0.2, below the floor); 1 lists 0 (0.9) and 3 (0.6);
        // 2 lists nothing; 3 lists only a missing entry, so 1-3 must come from 1's list alone.
        Neighbours neighbours = new Neighbours(4, 2,
                new int[]{1, 2, 0, 3, -1, -1, -1, -1},
                new float[]{0.9f, 0.2f, 0.9f, 0.6f, Float.NaN, Float.NaN, Float.NaN, Float.NaN});
        SimilarityGraph graph = SimilarityGraph.fromNeighbours(neighbours, 0.3f);
        assertEquals(2, graph.edges());
        assertEquals(Map.of(1, 0.9f), row(graph, 0));
        assertEquals(Map.of(0, 0.9f, 3, 0.6f), row(graph, 1));
        assertEquals(Map.of(), row(graph, 2));
        assertEquals(Map.of(1, 0.6f), row(graph, 3));
    }

    @Test
    void floorIsInclusive() {
        Neighbours neighbours = new Neighbours(2, 1, new int[]{1, 0}, new float[]{0.3f, 0.3f});
        assertEquals(1, SimilarityGraph.fromNeighbours(neighbours, 0.3f).edges());
        assertEquals(0, SimilarityGraph.fromNeighbours(neighbours, 0.30001f).edges());
    }

    @Test
    void buildsFromAnExactKnnGraph() {
        float[] values = {1, 0, 0.8f, 0.6f, 0, 1};
        Neighbours neighbours = new ExactCosineKnn(VectorSet.normalised(3, 2, values), 1).selfNeighbours(1);
        SimilarityGraph graph = SimilarityGraph.fromNeighbours(neighbours, 0.5f);
        // 0→1 (0.8), 1→0 (0.8), 2→1 (0.6): two edges, 1 in both.
        assertEquals(2, graph.edges());
        Map<Integer, Float> middle = row(graph, 1);
        assertEquals(Set.of(0, 2), middle.keySet());
        assertEquals(0.8f, middle.get(0), 1e-6);
        assertEquals(0.6f, middle.get(2), 1e-6);
    }
}

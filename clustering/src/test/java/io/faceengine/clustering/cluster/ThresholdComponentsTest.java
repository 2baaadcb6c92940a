package io.faceengine.clustering.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdComponentsTest {
    private static final int A = 0;
    private static final int B = 1;
    private static final int C = 2;
    private static final int D = 3;

    /** a-b 0.9 and b-c 0.8 are strong, a-c is weak, d hangs off c at 0.4. */
    private static final SimilarityGraph CHAIN = SimilarityGraph.fromEdges(4,
            new int[]{A, B, A, C}, new int[]{B, C, C, D}, new float[]{0.9f, 0.8f, 0.1f, 0.4f});

    @Test
    void withoutConstraintsTheChainJoinsAboveTheThreshold() {
        assertArrayEquals(new int[]{0, 0, 0, 1}, new ThresholdComponents(0.5f).cluster(CHAIN, CannotLink.none(4)));
        assertArrayEquals(new int[]{0, 0, 0, 0}, new ThresholdComponents(0.4f).cluster(CHAIN, CannotLink.none(4)));
    }

    @Test
    void anExplicitApartPairIsNotJoinedThroughTheChain() {
        CannotLink apart = CannotLink.none(4).withPairs(List.of(new int[]{A, C}));
        int[] labels = new ThresholdComponents(0.5f).cluster(CHAIN, apart);
        // a-b is stronger, so b stays with a and c is left out.
        assertEquals(labels[A], labels[B]);
        assertArrayEquals(new int[]{0, 0, 1, 2}, labels);
    }

    @Test
    void facesOfOnePhotoAreNotJoinedThroughTheChain() {
        int[] photo = {7, 8, 7, 9};
        int[] labels = new ThresholdComponents(0.3f).cluster(CHAIN, CannotLink.byGroup(photo));
        assertArrayEquals(new int[]{0, 0, 1, 1}, labels);
    }

    @Test
    void theStrongerEdgeWinsAConflict() {
        SimilarityGraph reversed = SimilarityGraph.fromEdges(3,
                new int[]{A, B}, new int[]{B, C}, new float[]{0.7f, 0.95f});
        int[] labels = new ThresholdComponents(0.5f).cluster(reversed, CannotLink.byGroup(new int[]{5, -1, 5}));
        assertArrayEquals(new int[]{0, 1, 1}, labels);
    }
}

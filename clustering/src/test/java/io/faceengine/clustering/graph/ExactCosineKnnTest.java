package io.faceengine.clustering.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactCosineKnnTest {
    private static final double TOLERANCE = 1e-5;

    private static VectorSet random(int n, int d, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * d];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return VectorSet.normalised(n, d, values);
    }

    private static double dot(VectorSet a, int i, VectorSet b, int j) {
        double sum = 0;
        for (int c = 0; c < a.dimension(); c++) {
            sum += (double) a.values()[i * a.dimension() + c] * b.values()[j * b.dimension() + c];
        }
        return sum;
    }

    /** Brute force in double precision: ids ranked by similarity, then by smaller id. */
    private static int[] reference(VectorSet queries, int q, VectorSet base, boolean skipSelf) {
        List<Integer> ids = new ArrayList<>();
        for (int j = 0; j < base.size(); j++) {
            if (!(skipSelf && j == q)) {
                ids.add(j);
            }
        }
        ids.sort((x, y) -> {
            int bySimilarity = Double.compare(dot(queries, q, base, y), dot(queries, q, base, x));
            return bySimilarity != 0 ? bySimilarity : Integer.compare(x, y);
        });
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertMatchesReference(Neighbours found, VectorSet queries, VectorSet base, boolean skipSelf) {
        for (int q = 0; q < queries.size(); q++) {
            int[] expected = reference(queries, q, base, skipSelf);
            for (int r = 0; r < found.k(); r++) {
                int id = found.id(q, r);
                double expectedSim = dot(queries, q, base, expected[r]);
                assertEquals(expectedSim, found.similarity(q, r), TOLERANCE, "query " + q + " rank " + r);
                assertEquals(dot(queries, q, base, id), found.similarity(q, r), TOLERANCE, "similarity of the returned id");
                if (id != expected[r]) {
                    // Only a near-tie in double precision may swap ranks in single precision.
                    assertEquals(expectedSim, dot(queries, q, base, id), TOLERANCE, "query " + q + " rank " + r + " id");
                }
            }
        }
    }

    @Test
    void matchesDoublePrecisionBruteForceAcrossBlockEdges() {
        VectorSet base = random(703, 24, 1);
        VectorSet queries = random(131, 24, 2);
        // Small odd blocks so that every query and base block boundary is crossed.
        ExactCosineKnn knn = new ExactCosineKnn(base, 3, 17, 100);
        assertMatchesReference(knn.nearest(queries, 9), queries, base, false);
        assertMatchesReference(knn.selfNeighbours(9), base, base, true);
    }

    @Test
    void selfNeighboursNeverListTheRowItselfEvenForDuplicates() {
        // Rows 0 and 1 are the same vector: each must list the other first, never itself.
        float[] values = new float[]{1, 0, 0, 1, 0, 0, 0.6f, 0.8f, 0, 0, 0, 1};
        Neighbours neighbours = new ExactCosineKnn(VectorSet.normalised(4, 3, values), 1).selfNeighbours(3);
        for (int q = 0; q < 4; q++) {
            for (int r = 0; r < 3; r++) {
                assertNotEquals(q, neighbours.id(q, r));
            }
        }
        assertEquals(1, neighbours.id(0, 0));
        assertEquals(0, neighbours.id(1, 0));
        assertEquals(1.0f, neighbours.similarity(0, 0), 1e-6);
    }

    @Test
    void tiesGoToTheSmallerIdWhateverTheBlocking() {
        // Entries are 0 or ±0.5 over four coordinates: unit length and every product exact in float,
        // so equal similarities are exactly equal and the order is decided by the tie-break alone.
        int d = 8;
        int n = 40;
        float[] values = new float[n * d];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            int pattern = random.nextInt(3);
            for (int c = 0; c < 4; c++) {
                values[i * d + (pattern + c) % d] = random.nextBoolean() ? 0.5f : -0.5f;
            }
        }
        VectorSet base = VectorSet.normalised(n, d, values);
        Neighbours oneBlock = new ExactCosineKnn(base, 1).selfNeighbours(12);
        Neighbours manyBlocks = new ExactCosineKnn(base, 2, 3, 5).selfNeighbours(12);
        assertArrayEquals(oneBlock.ids(), manyBlocks.ids());
        assertArrayEquals(oneBlock.similarities(), manyBlocks.similarities());
        int ties = 0;
        for (int q = 0; q < n; q++) {
            int[] expected = reference(base, q, base, true);
            for (int r = 0; r < 12; r++) {
                assertEquals(expected[r], oneBlock.id(q, r), "query " + q + " rank " + r);
                if (r > 0 && oneBlock.similarity(q, r) == oneBlock.similarity(q, r - 1)) {
                    ties++;
                }
            }
        }
        assertTrue(ties > 100, "the data must actually contain ties, found " + ties);
    }

    @Test
    void sameResultWithAnyThreadCount() {
        VectorSet base = random(500, 16, 3);
        Neighbours single = new ExactCosineKnn(base, 1, 32, 64).selfNeighbours(5);
        Neighbours parallel = new ExactCosineKnn(base, 4, 32, 64).selfNeighbours(5);
        assertArrayEquals(single.ids(), parallel.ids());
        assertArrayEquals(single.similarities(), parallel.similarities());
    }

    @Test
    void fewerCandidatesThanKLeaveMissingEntries() {
        Neighbours neighbours = new ExactCosineKnn(random(3, 4, 5), 0).selfNeighbours(4);
        for (int q = 0; q < 3; q++) {
            assertTrue(neighbours.id(q, 1) >= 0);
            assertEquals(-1, neighbours.id(q, 2));
            assertTrue(Float.isNaN(neighbours.similarity(q, 3)));
        }
    }

    @Test
    void refusesQueriesOfAnotherDimension() {
        ExactCosineKnn knn = new ExactCosineKnn(random(10, 4, 5), 1);
        assertThrows(IllegalArgumentException.class, () -> knn.nearest(random(2, 5, 6), 3));
        assertThrows(IllegalArgumentException.class, () -> knn.selfNeighbours(0));
    }
}

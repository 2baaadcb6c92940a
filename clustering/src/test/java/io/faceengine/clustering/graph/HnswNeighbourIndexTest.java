package io.faceengine.clustering.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.synthetic.SyntheticFaces;
import io.faceengine.clustering.synthetic.SyntheticIdentities;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The approximate index against the exact one on synthetic faces, with the default parameters. The
 * same recall at scale is the clustering benchmark's to measure (scripts/benchmark-clustering.sh
 * --sizes 20000 --exact-max-size 10000 reports recall@10 overall and at cosine >= 0.5): building
 * the graph for 20,000 faces took minutes of the test suite.
 */
class HnswNeighbourIndexTest {
    private static final int FACES = 5_000;
    private static final int K = 10;

    private static SyntheticFaces faces;
    private static HnswNeighbourIndex index;
    private static Neighbours exact;
    private static Neighbours approximate;

    @BeforeAll
    static void build() {
        faces = SyntheticIdentities.defaults(11).generate(FACES);
        index = new HnswNeighbourIndex(faces.vectors(), HnswParameters.DEFAULTS, 0);
        exact = new ExactCosineKnn(faces.vectors(), 0).selfNeighbours(K);
        approximate = index.selfNeighbours(K);
    }

    /** Share of the exact top-k entries with similarity >= floor that the approximate top-k also holds. */
    private static double recall(Neighbours truth, Neighbours found, float floor) {
        long hits = 0;
        long total = 0;
        for (int q = 0; q < truth.queries(); q++) {
            Set<Integer> listed = new HashSet<>();
            for (int r = 0; r < found.k(); r++) {
                listed.add(found.id(q, r));
            }
            for (int r = 0; r < truth.k(); r++) {
                if (truth.similarity(q, r) >= floor) {
                    total++;
                    hits += listed.contains(truth.id(q, r)) ? 1 : 0;
                }
            }
        }
        return (double) hits / total;
    }

    @Test
    void recallAgainstExactSearch() {
        // The overall figure is lowered by singletons, whose true neighbours are near-random at
        // similarity ~0.2 (at 20,000 faces: about 0.967 overall and 0.998 on the edges a clustering keeps).
        double overall = recall(exact, approximate, Float.NEGATIVE_INFINITY);
        double strong = recall(exact, approximate, 0.5f);
        assertTrue(overall >= 0.95, "recall@10 " + overall);
        assertTrue(strong >= 0.99, "recall@10 of pairs with similarity >= 0.5: " + strong);
    }

    @Test
    void selfNeighboursExcludeSelfAndAreRankedWithExactSimilarities() {
        VectorSet vectors = faces.vectors();
        for (int q = 0; q < FACES; q++) {
            Set<Integer> seen = new HashSet<>();
            for (int r = 0; r < K; r++) {
                int id = approximate.id(q, r);
                assertNotEquals(q, id, "row " + q + " lists itself");
                assertTrue(id >= 0 && seen.add(id), "row " + q + " rank " + r + " id " + id);
                assertEquals(vectors.similarity(q, id), approximate.similarity(q, r), 1e-5);
                if (r > 0) {
                    assertTrue(approximate.similarity(q, r) <= approximate.similarity(q, r - 1));
                }
            }
        }
    }

    @Test
    void nearestFindsABaseRowGivenAsQuery() {
        int queries = 500;
        float[] rows = new float[queries * faces.vectors().dimension()];
        System.arraycopy(faces.vectors().values(), 0, rows, 0, rows.length);
        Neighbours found = index.nearest(VectorSet.normalised(queries, faces.vectors().dimension(), rows), 3);
        int self = 0;
        for (int q = 0; q < queries; q++) {
            if (found.id(q, 0) == q) {
                self++;
                assertEquals(1.0f, found.similarity(q, 0), 1e-4);
            }
        }
        assertTrue(self >= queries * 0.99, "found itself for " + self + " of " + queries);
    }
}

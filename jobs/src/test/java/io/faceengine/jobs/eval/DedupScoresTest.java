package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.DedupScores.ScoredCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DedupScoresTest {

    @Test
    void countsCrossSetClusterPairsOnly() {
        // Ann is in three sets; two of her clusters were merged, the third was not. Bob's cluster
        // was wrongly merged into Ann's identity. Two clusters of one set never count as a pair.
        List<ScoredCluster> clusters = List.of(
                new ScoredCluster("c1", "s1", "id-ann", "Ann"),
                new ScoredCluster("c2", "s2", "id-ann", "Ann"),
                new ScoredCluster("c3", "s3", "id-other", "Ann"),
                new ScoredCluster("c4", "s3", "id-ann", "Bob"),
                new ScoredCluster("c5", "s1", "id-eve", "Eve"),
                new ScoredCluster("c6", "s1", "id-eve", "Eve"));
        DedupScores scores = DedupScores.of(clusters);
        // merged cross-set pairs: c1-c2, c1-c4, c2-c4 (c5-c6 share a set)
        assertEquals(3, scores.clusterPairsMerged());
        // truly same cross-set pairs: c1-c2, c1-c3, c2-c3
        assertEquals(3, scores.clusterPairsTrulySame());
        assertEquals(1, scores.mergedCorrectly());
        assertEquals(1.0 / 3, scores.precision(), 1e-12);
        assertEquals(1.0 / 3, scores.recall(), 1e-12);
    }

    @Test
    void nothingToMergeAndNothingMergedIsPerfect() {
        DedupScores scores = DedupScores.of(List.of(new ScoredCluster("c1", "s1", "a", "A"),
                new ScoredCluster("c2", "s2", "b", "B")));
        assertEquals(1.0, scores.precision());
        assertEquals(1.0, scores.recall());
    }
}

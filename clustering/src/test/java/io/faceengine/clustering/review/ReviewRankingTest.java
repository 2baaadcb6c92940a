package io.faceengine.clustering.review;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.dedup.CandidatePair;
import io.faceengine.clustering.dedup.CrossSetDedup;
import io.faceengine.clustering.dedup.DedupOptions;
import io.faceengine.clustering.dedup.DedupResult;
import io.faceengine.clustering.dedup.MergeCandidate;
import io.faceengine.clustering.dedup.SetCluster;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewRankingTest {
    private static final DedupOptions THRESHOLDS = new DedupOptions(0.6f, 0.4f, 0.05f, true);

    private static MergeCandidate merge(String a, String b, float similarity, MergeCandidate.Reason reason, int facesA, int facesB) {
        return new MergeCandidate(a, b, CandidatePair.Target.CLUSTER, similarity, reason, "id-" + a, "id-" + b, facesA, facesB);
    }

    @Test
    void itemsAreOrderedByExpectedLabelsFixedThenById() {
        List<ClusterDoubt> clusters = List.of(
                new ClusterDoubt("c1", 0.5, 10, false, List.of("LOW_COHESION")),          // 5.0
                new ClusterDoubt("c2", 0.9, 2, false, List.of("SMALL_CLUSTER")),          // 1.8
                new ClusterDoubt("c3", 0.1, 100, true, List.of()),                        // accepted: not queued
                new ClusterDoubt("c4", 0.25, 20, false, List.of("SMALL_MARGIN")));        // 5.0, after c1 by id
        List<MergeCandidate> merges = List.of(
                merge("m1", "m2", 0.55f, MergeCandidate.Reason.IN_REVIEW_BAND, 4, 30),    // 0.75 x 4 = 3.0
                merge("m3", "m4", 0.90f, MergeCandidate.Reason.CANNOT_LINK_CONFLICT, 8, 8), // 0.5 x 8 = 4.0
                merge("m5", "m6", 0.40f, MergeCandidate.Reason.IN_REVIEW_BAND, 50, 50));  // at the review threshold: 0

        List<ReviewQuestion> ranked = new ReviewRanking(THRESHOLDS).rank(clusters, merges);

        assertEquals(List.of("cluster:c1", "cluster:c4", "merge:m3+m4", "merge:m1+m2", "cluster:c2", "merge:m5+m6"),
                ranked.stream().map(ReviewQuestion::itemId).toList());
        assertEquals(3.0, ranked.get(3).priority(), 1e-6);
        assertEquals(0.75, ranked.get(3).wrongProbability(), 1e-6);
        assertEquals(4, ranked.get(3).faces());
        assertEquals(List.of("m1", "m2"), ranked.get(3).subjects());
        assertEquals(ReviewQuestion.Kind.CLUSTER, ranked.get(0).kind());

        List<ClusterDoubt> shuffledClusters = new ArrayList<>(clusters);
        List<MergeCandidate> shuffledMerges = new ArrayList<>(merges);
        Collections.reverse(shuffledClusters);
        Collections.reverse(shuffledMerges);
        assertEquals(ranked, new ReviewRanking(THRESHOLDS).rank(shuffledClusters, shuffledMerges));
    }

    @Test
    void rankingOfARealRunIsDeterministicAndSortedByGain() {
        Random random = new Random(41);
        double sigma = TestVectors.sigmaForPairwise(0.6);
        List<float[]> rows = new ArrayList<>();
        int persons = 6;
        int[] truth = new int[persons * 5];
        for (int p = 0; p < persons; p++) {
            float[] centre = TestVectors.randomUnit(random);
            for (int f = 0; f < 5; f++) {
                truth[rows.size()] = p;
                rows.add(TestVectors.face(centre, sigma, random));
            }
        }
        int[] labels = truth.clone();
        labels[3] = 1; // an intruder makes cluster 1 doubtful
        labels[4] = 1;
        VectorSet faces = VectorSet.of(rows);
        ClusteredFaces input = new ClusteredFaces(faces, labels, TestVectors.completeGraph(faces, 0.2f), CannotLink.none(faces.size()), 0.45f);
        UncertaintyReport report = new ClusterUncertainty(UncertaintyOptions.defaults()).assess(input);
        List<ClusterDoubt> doubts = new ArrayList<>();
        List<SetCluster> setClusters = new ArrayList<>();
        for (ClusterAssessment assessment : report.clusters()) {
            String id = "s" + (assessment.cluster() % 2) + "-c" + assessment.cluster();
            doubts.add(ClusterDoubt.of(id, assessment));
            setClusters.add(SetCluster.of(id, "s" + (assessment.cluster() % 2), assessment.size(),
                    report.centroids().row(assessment.cluster()), "anchor-" + assessment.cluster()));
        }
        // A low bar makes the random cross-person pairs land in the review band too.
        DedupOptions loose = new DedupOptions(0.6f, -0.5f, 0.05f, true);
        DedupResult dedup = new CrossSetDedup(loose).resolveExact(setClusters, List.of());
        assertFalse(dedup.reviewCandidates().isEmpty());

        List<ReviewQuestion> ranked = new ReviewRanking(loose).rank(doubts, dedup.reviewCandidates());

        assertTrue(ranked.stream().anyMatch(item -> item.itemId().equals("cluster:s1-c1")), "the polluted cluster is queued");
        for (int i = 0; i < ranked.size(); i++) {
            ReviewQuestion item = ranked.get(i);
            assertEquals(item.wrongProbability() * item.faces(), item.priority(), 1e-9);
            if (i > 0) {
                ReviewQuestion previous = ranked.get(i - 1);
                assertTrue(previous.priority() > item.priority()
                        || (previous.priority() == item.priority() && previous.itemId().compareTo(item.itemId()) < 0));
            }
        }
        List<ClusterDoubt> shuffledDoubts = new ArrayList<>(doubts);
        List<MergeCandidate> shuffledMerges = new ArrayList<>(dedup.reviewCandidates());
        Collections.shuffle(shuffledDoubts, new Random(5));
        Collections.shuffle(shuffledMerges, new Random(6));
        assertEquals(ranked, new ReviewRanking(loose).rank(shuffledDoubts, shuffledMerges));
    }
}

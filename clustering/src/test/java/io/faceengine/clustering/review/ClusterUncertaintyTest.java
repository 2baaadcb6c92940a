package io.faceengine.clustering.review;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.cluster.ThresholdComponents;
import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterUncertaintyTest {

    /** Faces of `persons` random people, `perPerson` each, in person order. */
    private static List<float[]> people(Random random, int persons, int perPerson, double pairwise) {
        double sigma = TestVectors.sigmaForPairwise(pairwise);
        List<float[]> faces = new ArrayList<>();
        for (int p = 0; p < persons; p++) {
            float[] centre = TestVectors.randomUnit(random);
            for (int f = 0; f < perPerson; f++) {
                faces.add(TestVectors.face(centre, sigma, random));
            }
        }
        return faces;
    }

    @Test
    void anInjectedOutlierIsFlaggedAndItsClusterIsNotAccepted() {
        VectorSet faces = VectorSet.of(people(new Random(21), 3, 12, 0.6));
        int[] labels = new int[36];
        for (int i = 0; i < 36; i++) {
            labels[i] = i / 12;
        }
        int intruder = 24; // a face of person 2 put into cluster 0
        labels[intruder] = 0;
        ClusteredFaces input = new ClusteredFaces(faces, labels, TestVectors.completeGraph(faces, 0.2f), CannotLink.none(36), 0.45f);

        UncertaintyReport report = new ClusterUncertainty(UncertaintyOptions.defaults()).assess(input);

        assertTrue(report.faces().get(intruder).flags().contains(FaceFlag.OUTLIER));
        assertTrue(report.faces().get(intruder).flags().contains(FaceFlag.BOUNDARY));
        assertEquals(2, report.faces().get(intruder).nearestOtherCluster());
        for (int i = 0; i < 36; i++) {
            if (i != intruder) {
                assertFalse(report.faces().get(i).flags().contains(FaceFlag.OUTLIER), "face " + i);
            }
        }
        ClusterAssessment polluted = report.clusters().get(0);
        ClusterAssessment clean = report.clusters().get(1);
        assertEquals(13, polluted.size());
        assertEquals(1, polluted.outliers());
        assertTrue(polluted.reasons().contains(UncertaintyReason.OUTLIER_MEMBERS));
        assertTrue(polluted.conflicts() > 0, "the intruder's strong edges to its own person leave the cluster");
        assertFalse(polluted.accepted());
        assertTrue(clean.accepted(), clean.toString());
        assertTrue(clean.reasons().isEmpty(), clean.toString());
        assertTrue(polluted.score() > clean.score() + 0.5, polluted.score() + " vs " + clean.score());
        assertTrue(polluted.minSimilarity() < 0.3f);
        assertEquals(report.faces().get(intruder).ownSimilarity(), polluted.minSimilarity());
    }

    @Test
    void aBridgeBetweenTwoGroupsIsANearThresholdMerge() {
        Random random = new Random(22);
        double sigma = TestVectors.sigmaForPairwise(0.75);
        float[] a = TestVectors.randomUnit(random);
        float[] b = TestVectors.randomUnit(random);
        float[] c = TestVectors.randomUnit(random);
        List<float[]> rows = new ArrayList<>();
        for (float[] centre : List.of(a, b, c)) {
            for (int f = 0; f < 6; f++) {
                rows.add(TestVectors.face(centre, sigma, random));
            }
        }
        float[] between = new float[a.length];
        for (int x = 0; x < a.length; x++) {
            between[x] = a[x] + b[x];
        }
        rows.add(TestVectors.unit(between)); // face 18: about 0.61 to faces of a and of b
        VectorSet faces = VectorSet.of(rows);
        SimilarityGraph graph = TestVectors.completeGraph(faces, 0.2f);
        float threshold = 0.5f;
        int[] labels = new ThresholdComponents(threshold).cluster(graph, CannotLink.none(faces.size()));
        assertEquals(labels[0], labels[6], "single-link chains a and b through the bridge");
        assertEquals(labels[0], labels[18]);
        assertNotEquals(labels[0], labels[12]);

        UncertaintyOptions options = new UncertaintyOptions(0.18f, 0.65f, 0.25f, 3, 0.3f, 0.25f, 0.05f);
        UncertaintyReport report = new ClusterUncertainty(options).assess(new ClusteredFaces(faces, labels, graph, CannotLink.none(19), threshold));

        ClusterAssessment bridged = report.clusters().get(labels[0]);
        ClusterAssessment clean = report.clusters().get(labels[12]);
        assertEquals(13, bridged.size());
        assertTrue(bridged.reasons().contains(UncertaintyReason.NEAR_THRESHOLD_MERGE), bridged.toString());
        assertTrue(bridged.strongCoverage() < 0.6f, bridged.toString());
        assertFalse(bridged.accepted());
        assertTrue(clean.accepted(), clean.toString());
        assertFalse(clean.reasons().contains(UncertaintyReason.NEAR_THRESHOLD_MERGE));
        assertTrue(bridged.score() > 0.9 && clean.score() < 0.1, bridged.score() + " vs " + clean.score());
    }

    @Test
    void singletonsAreSmallAndMergeCandidatesAreNamed() {
        VectorSet faces = VectorSet.of(people(new Random(23), 2, 4, 0.7).subList(0, 5)); // 4 of one person, 1 of another
        int[] labels = {0, 0, 0, 0, 1};
        ClusteredFaces input = new ClusteredFaces(faces, labels, TestVectors.completeGraph(faces, 0.2f), CannotLink.none(5), 0.45f);

        // Clusters below three faces are doubted here (the shipped default accepts lone faces).
        UncertaintyOptions atLeastThree = new UncertaintyOptions(0.05f, 0.65f, 0.25f, 3, 0.30f, 0.25f, 0.05f);
        UncertaintyReport report = new ClusterUncertainty(atLeastThree).assess(input, Set.of(0));

        ClusterAssessment single = report.clusters().get(1);
        assertEquals(1f, single.cohesion(), 1e-5);
        assertTrue(single.reasons().contains(UncertaintyReason.SMALL_CLUSTER));
        assertFalse(single.accepted());
        assertEquals(2.0 / 3, single.score(), 1e-6, "only the size doubt: (3 - 1) / 3");
        assertTrue(report.clusters().get(0).reasons().contains(UncertaintyReason.MERGE_CANDIDATE));
        assertTrue(report.clusters().get(0).accepted(), "a merge question is its own review item");
        assertEquals(2, report.centroids().size());
    }
}

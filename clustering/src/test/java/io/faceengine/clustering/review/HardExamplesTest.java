package io.faceengine.clustering.review;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HardExamplesTest {
    private static final int PER_PERSON = 8;

    /** Persons p and q look alike (centres at cosine 0.5); r is unrelated. Labels are the truth. */
    private static ClusteredFaces nearBoundary(int[] group) {
        Random random = new Random(31);
        float[][] e = TestVectors.orthonormal(3, random);
        float[][] centres = {e[0], TestVectors.combine(e, 0.5, Math.sqrt(0.75)), e[2]};
        double sigma = TestVectors.sigmaForPairwise(0.6);
        List<float[]> rows = new ArrayList<>();
        int[] labels = new int[3 * PER_PERSON];
        for (int p = 0; p < 3; p++) {
            for (int f = 0; f < PER_PERSON; f++) {
                labels[rows.size()] = p;
                rows.add(TestVectors.face(centres[p], sigma, random));
            }
        }
        VectorSet faces = VectorSet.of(rows);
        return new ClusteredFaces(faces, labels, TestVectors.completeGraph(faces, 0.2f), CannotLink.byGroup(group), 0.45f);
    }

    private static int[] noGroups() {
        int[] group = new int[3 * PER_PERSON];
        Arrays.fill(group, -1);
        return group;
    }

    @Test
    void hardNegativesAreTheStrongestPairsAcrossTheNearBoundary() {
        ClusteredFaces input = nearBoundary(noGroups());
        VectorSet faces = input.faces();
        int[] labels = input.labels();
        float best = Float.NEGATIVE_INFINITY;
        int bestA = -1;
        int bestB = -1;
        for (int a = 0; a < faces.size(); a++) {
            for (int b = a + 1; b < faces.size(); b++) {
                if (labels[a] != labels[b] && faces.similarity(a, b) > best) {
                    best = faces.similarity(a, b);
                    bestA = a;
                    bestB = b;
                }
            }
        }
        HardExampleOptions options = new HardExampleOptions(3, 0.5f, 4, 0.3f);

        HardExampleSet set = new HardExamples(options).mine(input);

        List<HardPair> negatives = set.negatives();
        assertFalse(negatives.isEmpty());
        assertEquals(List.of(bestA, bestB), List.of(negatives.get(0).a(), negatives.get(0).b()));
        assertEquals(best, negatives.get(0).similarity());
        int[] perCluster = new int[3];
        for (int i = 0; i < negatives.size(); i++) {
            HardPair pair = negatives.get(i);
            assertTrue(pair.similarity() >= 0.3f);
            assertEquals(faces.similarity(pair.a(), pair.b()), pair.similarity());
            assertEquals(Arrays.asList(0, 1), Arrays.asList(Math.min(pair.clusterA(), pair.clusterB()), Math.max(pair.clusterA(), pair.clusterB())),
                    "only the look-alike persons are near each other");
            assertFalse(pair.cannotLink());
            if (i > 0) {
                assertTrue(negatives.get(i - 1).similarity() >= pair.similarity());
            }
            perCluster[pair.clusterA()]++;
            perCluster[pair.clusterB()]++;
        }
        assertEquals(4, perCluster[0], "the quota of the look-alike clusters is filled");
        assertEquals(0, perCluster[2]);

        // Making the strongest pair a same-photo pair marks it as a certain negative.
        int[] group = noGroups();
        group[bestA] = 7;
        group[bestB] = 7;
        HardExampleSet constrained = new HardExamples(options).mine(nearBoundary(group));
        assertTrue(constrained.negatives().get(0).cannotLink());
        assertFalse(constrained.negatives().get(1).cannotLink());
    }

    @Test
    void hardPositivesStartWithEachClustersFarthestMember() {
        ClusteredFaces input = nearBoundary(noGroups());
        VectorSet faces = input.faces();
        HardExampleSet set = new HardExamples(new HardExampleOptions(2, 0.5f, 4, 0.3f)).mine(input);

        UncertaintyReport report = new ClusterUncertainty(UncertaintyOptions.defaults()).assess(input);
        for (int k = 0; k < 3; k++) {
            int cluster = k;
            int farthest = -1;
            for (FaceAssessment face : report.faces()) {
                if (face.cluster() == k && (farthest < 0 || face.ownSimilarity() < report.faces().get(farthest).ownSimilarity())) {
                    farthest = face.face();
                }
            }
            float lowest = Float.POSITIVE_INFINITY;
            for (int other = 0; other < faces.size(); other++) {
                if (input.labels()[other] == k && other != farthest) {
                    lowest = Math.min(lowest, faces.similarity(farthest, other));
                }
            }
            int f = farthest;
            float expected = lowest;
            List<HardPair> ofCluster = set.positives().stream().filter(p -> p.clusterA() == cluster).toList();
            assertTrue(ofCluster.size() >= 1 && ofCluster.size() <= 2);
            assertTrue(ofCluster.stream().anyMatch(p -> (p.a() == f || p.b() == f) && p.similarity() == expected), "cluster " + k);
            for (HardPair pair : ofCluster) {
                assertEquals(pair.clusterA(), pair.clusterB());
                assertTrue(pair.a() < pair.b());
            }
        }
        for (int i = 1; i < set.positives().size(); i++) {
            assertTrue(set.positives().get(i - 1).similarity() <= set.positives().get(i).similarity());
        }
    }
}

package io.faceengine.clustering.dedup;

import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.faceengine.clustering.testing.TestVectors.combine;
import static io.faceengine.clustering.testing.TestVectors.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossSetDedupTest {
    private static final DedupOptions OPTIONS = DedupOptions.defaults(); // auto 0.60, review 0.40, margin 0.05

    private static SetCluster cluster(String id, String set, int faces, float[] centroid, List<String> images) {
        return new SetCluster(id, set, faces, centroid, "face-" + id, images, List.of());
    }

    private static ResolvedIdentity identityOf(DedupResult result, String clusterId) {
        String id = result.identityOfCluster().get(clusterId);
        return result.identities().stream().filter(i -> i.identityId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void mergesAboveAutoQueuesTheBandAndKeepsApartBelow() {
        float[][] e = TestVectors.orthonormal(4, new Random(1));
        List<SetCluster> clusters = List.of(
                cluster("A", "s1", 5, e[0], List.of()),
                cluster("B", "s2", 3, combine(e, 0.8, 0.6), List.of()),                       // A·B = 0.80
                cluster("C", "s3", 4, combine(e, 0.5, -0.3, Math.sqrt(0.66)), List.of()),     // A·C = 0.50, B·C = 0.22
                cluster("D", "s4", 2, e[3], List.of()));                                       // 0 to all

        DedupResult result = new CrossSetDedup(OPTIONS).resolveExact(clusters, List.of());

        Map<String, String> ids = result.identityOfCluster();
        assertEquals(ids.get("A"), ids.get("B"));
        assertNotEquals(ids.get("A"), ids.get("C"));
        assertNotEquals(ids.get("A"), ids.get("D"));
        assertNotEquals(ids.get("C"), ids.get("D"));
        assertEquals(3, result.identities().size());
        assertEquals(1, result.merges().size());
        assertEquals(0.8f, result.merges().get(0).similarity(), 1e-5);
        assertEquals(8, identityOf(result, "A").faceCount());
        assertTrue(identityOf(result, "A").created());

        assertEquals(1, result.reviewCandidates().size());
        MergeCandidate band = result.reviewCandidates().get(0);
        assertEquals(List.of("A", "C"), List.of(band.clusterId(), band.otherId()));
        assertEquals(MergeCandidate.Reason.IN_REVIEW_BAND, band.reason());
        assertEquals(0.5f, band.similarity(), 1e-5);
        assertEquals(ids.get("A"), band.clusterIdentity());
        assertEquals(ids.get("C"), band.otherIdentity());
        assertEquals(8, band.clusterFaces());
        assertEquals(4, band.otherFaces());

        // Raising the auto threshold above A·B turns that merge into a review question.
        DedupResult stricter = new CrossSetDedup(new DedupOptions(0.85f, 0.40f, 0.05f, true)).resolveExact(clusters, List.of());
        assertEquals(4, stricter.identities().size());
        assertEquals(2, stricter.reviewCandidates().size());
        assertEquals(0.8f, stricter.reviewCandidates().get(0).similarity(), 1e-5);
    }

    @Test
    void sameSetPairsAreIgnoredUnlessAsked() {
        float[][] e = TestVectors.orthonormal(2, new Random(2));
        List<SetCluster> clusters = List.of(cluster("A", "s1", 3, e[0], List.of()), cluster("B", "s1", 3, combine(e, 0.9, Math.sqrt(0.19)), List.of()));
        DedupResult crossOnly = new CrossSetDedup(OPTIONS).resolveExact(clusters, List.of());
        assertNotEquals(crossOnly.identityOfCluster().get("A"), crossOnly.identityOfCluster().get("B"));
        assertTrue(crossOnly.reviewCandidates().isEmpty());
        DedupResult within = new CrossSetDedup(new DedupOptions(0.6f, 0.4f, 0.05f, false)).resolveExact(clusters, List.of());
        assertEquals(within.identityOfCluster().get("A"), within.identityOfCluster().get("B"));
    }

    @Test
    void aClusterNeverChainsTwoKnownIdentitiesAndTheConflictIsQueued() {
        float[][] e = TestVectors.orthonormal(3, new Random(3));
        KnownIdentity i1 = new KnownIdentity("I1", e[0], 40, List.of("I2"));
        KnownIdentity i2 = new KnownIdentity("I2", combine(e, 0.3, Math.sqrt(0.91)), 30, List.of("I1"));
        // X·I1 = 0.75, X·I2 = 0.225 + 0.9539 * 0.477 = 0.68: both above auto, margin 0.07 >= 0.05.
        SetCluster x = cluster("X", "s1", 6, combine(e, 0.75, 0.477, Math.sqrt(1 - 0.5625 - 0.477 * 0.477)), List.of());

        DedupResult result = new CrossSetDedup(OPTIONS).resolveExact(List.of(x), List.of(i1, i2));

        assertEquals("I1", result.identityOfCluster().get("X"));
        assertEquals(1, result.identities().size());
        assertEquals(1, result.reviewCandidates().size());
        MergeCandidate conflict = result.reviewCandidates().get(0);
        assertEquals(List.of("X", "I2"), List.of(conflict.clusterId(), conflict.otherId()));
        assertEquals(MergeCandidate.Reason.KNOWN_IDENTITY_CONFLICT, conflict.reason());
        assertEquals("I1", conflict.clusterIdentity());
        assertEquals("I2", conflict.otherIdentity());
        assertEquals(46, conflict.clusterFaces());
        assertEquals(30, conflict.otherFaces());
    }

    @Test
    void twoKnownIdentitiesCloseInTheBandAreAskedAboutUnlessSomethingToldThemApart() {
        float[][] e = TestVectors.orthonormal(3, new Random(4));
        float[] y = combine(e, 0.5, Math.sqrt(0.75));                                          // X·Y = 0.50
        KnownIdentity i1 = new KnownIdentity("I1", e[0], 10, List.of());
        KnownIdentity i2 = new KnownIdentity("I2", y, 8, List.of());
        // Each cluster goes back to its identity (as when a set is clustered again); the clusters are in the band.
        List<CandidatePair> candidates = List.of(CandidatePair.toIdentity("X", "I1", 0.99f),
                CandidatePair.toIdentity("Y", "I2", 0.99f), CandidatePair.toCluster("X", "Y", 0.5f));

        DedupResult asked = new CrossSetDedup(OPTIONS).resolve(
                List.of(cluster("X", "s1", 4, e[0], List.of("p1")), cluster("Y", "s2", 3, y, List.of("p2"))), List.of(i1, i2), candidates);
        assertEquals("I1", asked.identityOfCluster().get("X"));
        assertEquals("I2", asked.identityOfCluster().get("Y"));
        assertEquals(1, asked.reviewCandidates().size());
        MergeCandidate question = asked.reviewCandidates().get(0);
        assertEquals(List.of("X", "Y"), List.of(question.clusterId(), question.otherId()));
        assertEquals(MergeCandidate.Reason.IN_REVIEW_BAND, question.reason());
        assertEquals(List.of("I1", "I2"), List.of(question.clusterIdentity(), question.otherIdentity()));

        DedupResult samePhoto = new CrossSetDedup(OPTIONS).resolve(
                List.of(cluster("X", "s1", 4, e[0], List.of("p1")), cluster("Y", "s2", 3, y, List.of("p1"))), List.of(i1, i2), candidates);
        assertTrue(samePhoto.reviewCandidates().isEmpty(), "faces in one photo are two people");

        DedupResult answered = new CrossSetDedup(OPTIONS).resolve(
                List.of(cluster("X", "s1", 4, e[0], List.of("p1")), cluster("Y", "s2", 3, y, List.of("p2"))),
                List.of(new KnownIdentity("I1", e[0], 10, List.of("I2")), new KnownIdentity("I2", y, 8, List.of("I1"))), candidates);
        assertTrue(answered.reviewCandidates().isEmpty(), "a person said they are two people");
    }

    @Test
    void aChainOfClustersBetweenTwoIdentitiesIsCutAtItsWeakestLink() {
        float[][] e = TestVectors.orthonormal(4, new Random(4));
        List<SetCluster> clusters = List.of(cluster("X1", "s1", 5, e[0], List.of()), cluster("X2", "s2", 7, e[1], List.of()));
        // Supplied similarities, as a neighbour index or the registry would report them.
        List<CandidatePair> pairs = List.of(
                CandidatePair.toIdentity("X1", "I1", 0.90f),
                CandidatePair.toIdentity("X2", "I2", 0.85f),
                CandidatePair.toCluster("X1", "X2", 0.80f),
                CandidatePair.toCluster("X2", "X1", 0.70f));
        List<KnownIdentity> unconfirmed = List.of(KnownIdentity.of("I1", e[2], 10), KnownIdentity.of("I2", e[3], 20));

        DedupResult result = new CrossSetDedup(OPTIONS).resolve(clusters, unconfirmed, pairs);

        assertEquals("I1", result.identityOfCluster().get("X1"));
        assertEquals("I2", result.identityOfCluster().get("X2"));
        assertEquals(2, result.merges().size());
        assertEquals(1, result.reviewCandidates().size());
        MergeCandidate link = result.reviewCandidates().get(0);
        assertEquals(0.80f, link.similarity());
        assertEquals(MergeCandidate.Reason.POSSIBLE_DUPLICATE_IDENTITY, link.reason());
        assertEquals(Set.of("I1", "I2"), Set.of(link.clusterIdentity(), link.otherIdentity()));

        List<KnownIdentity> confirmed = List.of(new KnownIdentity("I1", e[2], 10, List.of("I2")), KnownIdentity.of("I2", e[3], 20));
        DedupResult settled = new CrossSetDedup(OPTIONS).resolve(clusters, confirmed, pairs);
        assertEquals(MergeCandidate.Reason.KNOWN_IDENTITY_CONFLICT, settled.reviewCandidates().get(0).reason());
    }

    @Test
    void aClusterTooCloseToTwoIdentitiesJoinsNeither() {
        float[][] e = TestVectors.orthonormal(3, new Random(5));
        KnownIdentity i1 = KnownIdentity.of("I1", e[0], 40);
        KnownIdentity i2 = KnownIdentity.of("I2", combine(e, 0.3, Math.sqrt(0.91)), 30);
        double b = (0.70 - 0.3 * 0.72) / Math.sqrt(0.91);
        // X·I1 = 0.72, X·I2 = 0.70: within the 0.05 margin.
        SetCluster x = cluster("X", "s1", 6, combine(e, 0.72, b, Math.sqrt(1 - 0.72 * 0.72 - b * b)), List.of());

        DedupResult result = new CrossSetDedup(OPTIONS).resolveExact(List.of(x), List.of(i1, i2));

        assertTrue(identityOf(result, "X").created());
        assertTrue(result.merges().isEmpty());
        assertEquals(2, result.reviewCandidates().size());
        for (MergeCandidate candidate : result.reviewCandidates()) {
            assertEquals(MergeCandidate.Reason.AMBIGUOUS_IDENTITY, candidate.reason());
        }
        assertEquals(List.of("I1", "I2"), result.reviewCandidates().stream().map(MergeCandidate::otherId).toList());
    }

    @Test
    void clustersSharingAPhotoNeverMerge() {
        float[][] e = TestVectors.orthonormal(3, new Random(6));
        double y = (0.85 - 0.95 * 0.9) / Math.sqrt(1 - 0.95 * 0.95);
        List<SetCluster> clusters = List.of(
                cluster("A", "s1", 4, e[0], List.of("img-1", "img-2")),
                cluster("B", "s2", 3, combine(e, 0.9, y, Math.sqrt(1 - 0.81 - y * y)), List.of("img-2", "img-3")), // A·B 0.90, B·C 0.85
                cluster("C", "s3", 5, combine(e, 0.95, Math.sqrt(1 - 0.95 * 0.95)), List.of("img-4")));             // A·C 0.95

        DedupResult result = new CrossSetDedup(OPTIONS).resolveExact(clusters, List.of());

        Map<String, String> ids = result.identityOfCluster();
        assertEquals(ids.get("A"), ids.get("C"));
        assertNotEquals(ids.get("A"), ids.get("B"));
        assertEquals(1, result.reviewCandidates().size(), "one question per pair of groups");
        MergeCandidate refused = result.reviewCandidates().get(0);
        assertEquals(MergeCandidate.Reason.CANNOT_LINK_CONFLICT, refused.reason());
        assertEquals(0.90f, refused.similarity(), 1e-5);
    }

    @Test
    void anExistingIdentityKeepsItsIdAndGrowsItsCentroid() {
        float[][] e = TestVectors.orthonormal(3, new Random(7));
        KnownIdentity known = KnownIdentity.of("person-17", e[0], 100);
        KnownIdentity untouched = KnownIdentity.of("person-99", e[2], 50);
        List<SetCluster> clusters = List.of(
                cluster("K1", "s1", 10, combine(e, 0.8, 0.6), List.of()),
                cluster("K2", "s2", 20, combine(e, 0.8, -0.6), List.of()));

        DedupResult result = new CrossSetDedup(OPTIONS).resolveExact(clusters, List.of(known, untouched));

        assertEquals(1, result.identities().size(), "identities the run did not touch are not reported");
        ResolvedIdentity grown = result.identities().get(0);
        assertEquals("person-17", grown.identityId());
        assertFalse(grown.created());
        assertEquals(List.of("K1", "K2"), grown.clusterIds());
        assertEquals(130, grown.faceCount());
        assertEquals(30, grown.addedFaces());
        // 100 e0 + 10 (0.8 e0 + 0.6 e1) + 20 (0.8 e0 - 0.6 e1) = 124 e0 - 6 e1.
        float[] expected = TestVectors.unit(combine(e, 124, -6));
        assertEquals(1.0, dot(grown.centroid(), expected), 1e-5);
        assertEquals(1.0, dot(grown.centroid(), grown.centroid()), 1e-5);
    }

    /** Persons with random centres; each set holds a noisy cluster of most persons; three persons are known. */
    private record World(List<SetCluster> clusters, List<KnownIdentity> identities, Map<String, Integer> personOfCluster) {
    }

    private static World world(long seed) {
        Random random = new Random(seed);
        int persons = 10;
        double sigma = TestVectors.sigmaForPairwise(0.85);
        float[][] centres = new float[persons][];
        for (int p = 0; p < persons; p++) {
            centres[p] = TestVectors.randomUnit(random);
        }
        List<SetCluster> clusters = new ArrayList<>();
        Map<String, Integer> personOf = new HashMap<>();
        for (int set = 0; set < 4; set++) {
            for (int p = 0; p < persons; p++) {
                if (random.nextDouble() < 0.7) {
                    String id = "s" + set + "-c" + p;
                    String anchor = "face-" + Long.toHexString(random.nextLong());
                    clusters.add(new SetCluster(id, "s" + set, 1 + random.nextInt(20), TestVectors.face(centres[p], sigma, random),
                            anchor, List.of("img-" + id), List.of()));
                    personOf.put(id, p);
                }
            }
        }
        List<KnownIdentity> identities = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            identities.add(KnownIdentity.of("known-" + p, TestVectors.face(centres[p], sigma, random), 50));
        }
        return new World(clusters, identities, personOf);
    }

    private static String sha256Id(String anchor) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(anchor.getBytes(StandardCharsets.UTF_8));
        return "id-" + HexFormat.of().formatHex(digest).substring(0, 16);
    }

    @Test
    void newIdsAreContentDerivedAndIndependentOfInputOrder() throws Exception {
        World world = world(11);
        DedupResult first = new CrossSetDedup(OPTIONS).resolveExact(world.clusters(), world.identities());

        // Each person's clusters form one identity and persons never share one.
        Map<Integer, Set<String>> idsOfPerson = new HashMap<>();
        Map<String, Set<Integer>> personsOfId = new HashMap<>();
        first.identityOfCluster().forEach((cluster, id) -> {
            int person = world.personOfCluster().get(cluster);
            idsOfPerson.computeIfAbsent(person, p -> new HashSet<>()).add(id);
            personsOfId.computeIfAbsent(id, i -> new HashSet<>()).add(person);
        });
        idsOfPerson.values().forEach(ids -> assertEquals(1, ids.size(), "a person split: " + idsOfPerson));
        personsOfId.values().forEach(persons -> assertEquals(1, persons.size(), "persons joined: " + personsOfId));
        for (ResolvedIdentity identity : first.identities()) {
            int person = world.personOfCluster().get(identity.clusterIds().get(0));
            if (person < 3) {
                assertEquals("known-" + person, identity.identityId());
            } else {
                String smallestAnchor = world.clusters().stream().filter(c -> identity.clusterIds().contains(c.clusterId()))
                        .map(SetCluster::anchor).min(String::compareTo).orElseThrow();
                assertEquals(sha256Id(smallestAnchor), identity.identityId());
                assertTrue(identity.created());
            }
        }

        List<SetCluster> shuffledClusters = new ArrayList<>(world.clusters());
        List<KnownIdentity> shuffledIdentities = new ArrayList<>(world.identities());
        List<CandidatePair> shuffledPairs = new ArrayList<>(DedupCandidates.exact(world.clusters(), world.identities(), 0.4f));
        Collections.shuffle(shuffledClusters, new Random(99));
        Collections.shuffle(shuffledIdentities, new Random(98));
        Collections.shuffle(shuffledPairs, new Random(97));
        DedupResult second = new CrossSetDedup(OPTIONS).resolve(shuffledClusters, shuffledIdentities, shuffledPairs);

        assertEquals(first.identityOfCluster(), second.identityOfCluster());
        assertEquals(first.merges(), second.merges());
        assertEquals(first.reviewCandidates(), second.reviewCandidates());
        for (int i = 0; i < first.identities().size(); i++) {
            assertEquals(first.identities().get(i).faceCount(), second.identities().get(i).faceCount());
            assertEquals(1.0, dot(first.identities().get(i).centroid(), second.identities().get(i).centroid()), 1e-5);
        }
    }

    @Test
    void candidatesFromANeighbourSearchGiveTheExactResult() {
        World world = world(12);
        List<SetCluster> clusters = world.clusters();
        VectorSet centroids = DedupCandidates.centroids(clusters);
        List<String> clusterIds = clusters.stream().map(SetCluster::clusterId).toList();
        List<String> identityIds = world.identities().stream().map(KnownIdentity::identityId).toList();
        VectorSet identityCentroids = VectorSet.of(world.identities().stream().map(KnownIdentity::centroid).toList());

        List<CandidatePair> pairs = new ArrayList<>(DedupCandidates.fromNeighbours(clusters,
                bruteForce(centroids, centroids, 8), clusterIds, CandidatePair.Target.CLUSTER, 0.4f));
        pairs.addAll(DedupCandidates.fromNeighbours(clusters, bruteForce(centroids, identityCentroids, 2), identityIds,
                CandidatePair.Target.IDENTITY, 0.4f));
        DedupResult fromIndex = new CrossSetDedup(OPTIONS).resolve(clusters, world.identities(), pairs);
        DedupResult exact = new CrossSetDedup(OPTIONS).resolveExact(clusters, world.identities());

        assertEquals(exact.identityOfCluster(), fromIndex.identityOfCluster());
        assertTrue(fromIndex.merges().size() > 10);
    }

    /** The k most similar base rows per query row, most similar first: what an exact index returns. */
    private static Neighbours bruteForce(VectorSet queries, VectorSet base, int k) {
        int[] ids = new int[queries.size() * k];
        float[] similarities = new float[ids.length];
        for (int q = 0; q < queries.size(); q++) {
            float[] row = queries.row(q);
            List<float[]> scored = new ArrayList<>();
            for (int b = 0; b < base.size(); b++) {
                scored.add(new float[]{b, dot(row, base.row(b))});
            }
            scored.sort((x, y) -> Float.compare(y[1], x[1]));
            for (int r = 0; r < k; r++) {
                ids[q * k + r] = r < scored.size() ? (int) scored.get(r)[0] : -1;
                similarities[q * k + r] = r < scored.size() ? scored.get(r)[1] : Float.NaN;
            }
        }
        return new Neighbours(queries.size(), k, ids, similarities);
    }
}

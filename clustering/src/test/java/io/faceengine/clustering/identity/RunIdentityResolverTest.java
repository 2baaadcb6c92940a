package io.faceengine.clustering.identity;

import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.decision.AnsweredQuestions;
import io.faceengine.clustering.decision.DecisionKind;
import io.faceengine.clustering.decision.DecisionSubject;
import io.faceengine.clustering.decision.FixedGroup;
import io.faceengine.clustering.decision.HumanDecision;
import io.faceengine.clustering.decision.HumanLink;
import io.faceengine.clustering.decision.SetConstraints;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import io.faceengine.clustering.registry.RegistryMatch;
import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.clustering.review.ReviewQuestion;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-run identity resolution on synthetic people spread over sets: the same input gives the
 * same identity ids, a later run with a new set keeps every existing id, only adding or growing,
 * and human decisions hold over what the machine would do.
 */
class RunIdentityResolverTest {
    static final ClusteringSettings SETTINGS = ClusteringSettings.fromTree(
            io.faceengine.pipeline.config.ConfigLoader.defaultsOnly().clustering());
    private static final float[][] PEOPLE = people(12, new Random(7));
    static final SetClusterer CLUSTERER = new SetClusterer(SETTINGS);

    @Test
    void theSameInputGivesTheSameIdentitiesWhateverTheSetOrder() {
        List<SetClustering> sets = List.of(set("set-a", 0, 8, 4), set("set-b", 4, 12, 4));
        RunIdentities first = resolve("run-1", sets, List.of());
        RunIdentities again = resolve("run-2", List.of(sets.get(1), sets.get(0)), List.of());
        assertEquals(first.identityOfCluster(), again.identityOfCluster());
        assertEquals(12, new HashSet<>(first.identityOfCluster().values()).size(), "12 people, 12 identities");
        assertTrue(first.autoMerges() >= 4, "people 4..7 are in both sets: " + first.autoMerges());
    }

    @Test
    void aNewSetOnlyAddsOrGrowsIdentities() {
        RunIdentities first = resolve("run-1", List.of(set("set-a", 0, 8, 4)), List.of());
        Map<String, Integer> before = new HashMap<>();
        first.registry().forEach(r -> before.put(r.identityId(), r.faceCount()));

        RunIdentities second = resolve("run-2", List.of(set("set-b", 4, 12, 3)), first.registry());
        Map<String, Integer> after = new HashMap<>();
        second.registry().forEach(r -> after.put(r.identityId(), r.faceCount()));
        for (Map.Entry<String, Integer> identity : before.entrySet()) {
            assertTrue(after.containsKey(identity.getKey()), "kept " + identity.getKey());
            assertTrue(after.get(identity.getKey()) >= identity.getValue());
        }
        assertEquals(4, second.grownIdentities(), "people 4..7 grow their identities");
        assertEquals(4, second.newIdentities(), "people 8..11 are new");
        assertEquals(12, second.registry().size());
    }

    @Test
    void aFixedClusterComesOutExactlyAsDecidedAcceptedAndNamed() {
        SetFaces faces = faces("set-a", 0, 6, 4);
        List<String> group = new ArrayList<>(faces.faceIds().subList(0, 4)); // person 0
        group.add(faces.faceIds().get(4)); // plus one face of person 1: a person's word beats the machine's
        String notAFace = faces.faceIds().get(8);
        SetClustering decided = CLUSTERER.cluster(faces,
                new SetConstraints(List.of(new FixedGroup(group, "d1", "Ada")), Set.of(notAFace)));

        assertEquals(faces.size() - 1, decided.faceIds().size(), "the face that is not a face is left out");
        assertFalse(decided.faceIds().contains(notAFace));
        String fixed = decided.clusterIdOfFace().get(decided.faceIds().indexOf(group.get(0)));
        Set<String> members = new HashSet<>();
        for (int i = 0; i < decided.faceIds().size(); i++) {
            if (decided.clusterIdOfFace().get(i).equals(fixed)) {
                members.add(decided.faceIds().get(i));
            }
        }
        assertEquals(Set.copyOf(group), members, "exactly the decided faces");
        ClusterSummary summary = decided.clusters().stream().filter(c -> c.clusterId().equals(fixed)).findFirst().orElseThrow();
        assertTrue(summary.accepted() && summary.humanDecided());
        assertEquals("Ada", summary.name());

        RunIdentities identities = resolve("run-1", List.of(decided), List.of());
        assertTrue(identities.acceptedCluster().get(fixed));
        IdentityRecord ada = identities.registry().stream()
                .filter(r -> r.identityId().equals(identities.identityOfCluster().get(fixed))).findFirst().orElseThrow();
        assertEquals("Ada", ada.name());
        assertEquals(IdentityStatus.CONFIRMED, ada.status());
        assertTrue(identities.reviewItems().stream().noneMatch(q -> q.subjects().contains(fixed)), "never asked again");
    }

    @Test
    void clusteringASetAgainReplacesItsFacesInsteadOfCountingThemTwice() {
        SetFaces setA = faces("set-a", 0, 8, 4);
        SetClustering firstA = CLUSTERER.cluster(setA);
        RunIdentities first = resolve("run-1", List.of(firstA, set("set-b", 4, 12, 4)), List.of());

        List<ReplacedCluster> replaced = firstA.clusters().stream()
                .map(c -> new ReplacedCluster(c.clusterId(), first.identityOfCluster().get(c.clusterId()), c.centroid(),
                        facesOf(firstA, c.clusterId())))
                .toList();
        SetClustering again = CLUSTERER.cluster(setA, new SetConstraints(
                List.of(new FixedGroup(setA.faceIds().subList(0, 4), "d1", null)), Set.of()));
        RunIdentities second = resolveDecided("run-2", List.of(again), first.registry(), new RunDecisions(List.of(), replaced));

        Map<String, Integer> before = new HashMap<>();
        first.registry().forEach(r -> before.put(r.identityId(), r.faceCount()));
        Map<String, Integer> after = new HashMap<>();
        second.registry().forEach(r -> after.put(r.identityId(), r.faceCount()));
        assertEquals(before, after, "same faces, same identities, same counts");
        for (ClusterSummary c : again.clusters()) {
            assertEquals(first.identityOfCluster().get(c.clusterId()), second.identityOfCluster().get(c.clusterId()));
        }
    }

    @Test
    void aPersonsLinksJoinOrSeparateClustersAcrossSets() {
        SetClustering setA = set("set-a", 0, 5, 4);
        SetClustering setB = set("set-b", 4, 9, 4);
        RunIdentities machine = resolve("run-1", List.of(setA, setB), List.of());
        String a4 = "set-a-p04-f0", b4 = "set-b-p04-f0", a0 = "set-a-p00-f0", b5 = "set-b-p05-f0";
        assertEquals(identityOfFace(machine, setA, a4), identityOfFace(machine, setB, b4), "the machine joins person 4");

        RunIdentities decided = resolveDecided("run-1", List.of(setA, setB), List.of(), new RunDecisions(List.of(
                new HumanLink(a4, b4, null, false, "d1"), new HumanLink(a0, b5, null, true, "d2")), List.of()));
        assertTrue(!identityOfFace(decided, setA, a4).equals(identityOfFace(decided, setB, b4)), "kept apart as answered");
        assertEquals(identityOfFace(decided, setA, a0), identityOfFace(decided, setB, b5), "joined as answered");
    }

    @Test
    void aRejectedMergeIsNotAskedAgainAsAConflictOrAnyOtherKind() {
        RejectedPair pair = RejectedPair.personFour();

        // The pair is still above the auto-merge threshold; the person's answer refuses it, which dedup reports.
        RunIdentities linkOnly = resolveDecided("run-2", List.of(pair.setA(), pair.setB()), List.of(),
                new RunDecisions(PERSON_4_APART, List.of()));
        assertTrue(asksWhetherSame(linkOnly, linkOnly.identityOfCluster().get(pair.clusterA()),
                linkOnly.identityOfCluster().get(pair.clusterB())),
                "without the rule the pair is asked again: " + linkOnly.reviewItems());

        RunIdentities next = resolveDecided("run-2", List.of(pair.setA(), pair.setB()), List.of(),
                new RunDecisions(PERSON_4_APART, List.of(), AnsweredQuestions.of(List.of(pair.decision()))));
        String identityA = next.identityOfCluster().get(pair.clusterA());
        String identityB = next.identityOfCluster().get(pair.clusterB());
        assertFalse(identityA.equals(identityB), "kept apart as answered");
        assertFalse(asksWhetherSame(next, identityA, identityB), "asked again: " + next.reviewItems());
        assertTrue(next.acceptedCluster().get(pair.clusterA()) && next.acceptedCluster().get(pair.clusterB()),
                "the person's answer settles the doubt the refused merge raised");
    }

    @Test
    void anAnswerHoldsWhenOnlyOneOfItsSetsIsClusteredAgain() {
        RejectedPair pair = RejectedPair.personFour();
        RunIdentities run2 = resolveDecided("run-2", List.of(pair.setA(), pair.setB()), List.of(),
                new RunDecisions(PERSON_4_APART, List.of(), AnsweredQuestions.of(List.of(pair.decision()))));
        String identityB = run2.identityOfCluster().get(pair.clusterB());

        // Set A is clustered again (as new photos would make it), set B is left as it was.
        List<ReplacedCluster> replaced = pair.setA().clusters().stream().map(c -> new ReplacedCluster(c.clusterId(),
                run2.identityOfCluster().get(c.clusterId()), c.centroid(), facesOf(pair.setA(), c.clusterId()))).toList();
        RunIdentities unaware = resolveDecided("run-3", List.of(pair.setA()), run2.registry(),
                new RunDecisions(PERSON_4_APART, replaced));
        assertEquals(identityB, unaware.identityOfCluster().get(pair.clusterA()),
                "an answer whose other side is not in the run would let the machine join them again");

        Set<String> inRun = Set.copyOf(pair.setA().faceIds());
        Map<String, String> earlier = new HashMap<>();
        facesOf(pair.setB(), pair.clusterB()).forEach(face -> earlier.put(face, identityB));
        RunIdentities next = resolveDecided("run-3", List.of(pair.setA()), run2.registry(), new RunDecisions(
                PERSON_4_APART.stream().map(link -> link.againstIdentities(inRun, earlier)).toList(), replaced,
                AnsweredQuestions.of(List.of(pair.decision()), earlier)));
        String identityA = next.identityOfCluster().get(pair.clusterA());
        assertFalse(identityB.equals(identityA), "kept apart from set B's identity, as answered");
        assertFalse(asksWhetherSame(next, identityA, identityB), "asked again: " + next.reviewItems());
    }

    private static final String A4 = "set-a-p04-f0";
    private static final String B4 = "set-b-p04-f0";
    /** A person's answer that person 4 of set A and person 4 of set B are different people. */
    private static final List<HumanLink> PERSON_4_APART = List.of(new HumanLink(A4, B4, null, false, "d1"));

    /** Person 4's clusters in two sets, and a person's rejection of their merge as the next run reads it. */
    private record RejectedPair(SetClustering setA, SetClustering setB, String clusterA, String clusterB, HumanDecision decision) {
        static RejectedPair personFour() {
            SetClustering setA = set("set-a", 0, 5, 4);
            SetClustering setB = set("set-b", 4, 9, 4);
            String clusterA = setA.clusterIdOfFace().get(setA.faceIds().indexOf(A4));
            String clusterB = setB.clusterIdOfFace().get(setB.faceIds().indexOf(B4));
            DecisionSubject sideA = new DecisionSubject(clusterA, setA.setId(), "id-joined", facesOf(setA, clusterA));
            DecisionSubject sideB = new DecisionSubject(clusterB, setB.setId(), "id-joined", facesOf(setB, clusterB));
            List<String> faces = new ArrayList<>(sideA.faceIds());
            faces.addAll(sideB.faceIds());
            return new RejectedPair(setA, setB, clusterA, clusterB, new HumanDecision("d1", "merge:" + clusterA + "+" + clusterB,
                    "run-1", setA.setId(), ReviewKind.MERGE, DecisionKind.REJECT, faces, List.of(), null, List.of(sideA, sideB),
                    "ann", Instant.EPOCH));
        }
    }

    /** Whether some merge question of the run asks whether these two identities' groups are one person. */
    private static boolean asksWhetherSame(RunIdentities identities, String identityA, String identityB) {
        Map<String, String> of = identities.identityOfCluster();
        return identities.reviewItems().stream().filter(q -> q.kind() == ReviewQuestion.Kind.MERGE)
                .anyMatch(q -> Set.of(identityA, identityB).equals(Set.of(of.getOrDefault(q.subjects().get(0), q.subjects().get(0)),
                        of.getOrDefault(q.subjects().get(1), q.subjects().get(1)))));
    }

    static List<String> facesOf(SetClustering set, String clusterId) {
        List<String> faces = new ArrayList<>();
        for (int i = 0; i < set.faceIds().size(); i++) {
            if (set.clusterIdOfFace().get(i).equals(clusterId)) {
                faces.add(set.faceIds().get(i));
            }
        }
        return faces;
    }

    private static String identityOfFace(RunIdentities identities, SetClustering set, String face) {
        return identities.identityOfCluster().get(set.clusterIdOfFace().get(set.faceIds().indexOf(face)));
    }

    static RunIdentities resolveDecided(String runId, List<SetClustering> sets, List<IdentityRecord> registry,
                                                RunDecisions decisions) {
        return new RunIdentityResolver(SETTINGS).resolve(runId, sets, registry, exactSearch(registry), "test-model", decisions);
    }

    static RunIdentities resolve(String runId, List<SetClustering> sets, List<IdentityRecord> registry) {
        return new RunIdentityResolver(SETTINGS).resolve(runId, sets, registry, exactSearch(registry), "test-model");
    }

    static RegistrySearch exactSearch(List<IdentityRecord> registry) {
        RegistrySearch exact = (queries, k, floor) -> queries.stream().map(q -> registry.stream()
                .map(r -> new RegistryMatch(r.identityId(), TestVectors.dot(TestVectors.unit(q), TestVectors.unit(r.centroid()))))
                .filter(m -> m.similarity() >= floor)
                .sorted(Comparator.comparingDouble(RegistryMatch::similarity).reversed())
                .limit(k).toList()).toList();
        return exact;
    }

    static SetClustering set(String setId, int from, int to, int perPerson) {
        return CLUSTERER.cluster(faces(setId, from, to, perPerson));
    }

    /** People [from, to) with {@code perPerson} faces each, one face per photo. */
    static SetFaces faces(String setId, int from, int to, int perPerson) {
        Random random = new Random(setId.hashCode());
        List<String> faceIds = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int p = from; p < to; p++) {
            for (int f = 0; f < perPerson; f++) {
                faceIds.add(String.format("%s-p%02d-f%d", setId, p, f));
                rows.add(TestVectors.face(PEOPLE[p], TestVectors.sigmaForPairwise(0.75), random));
            }
        }
        float[] values = new float[rows.size() * TestVectors.DIMENSION];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * TestVectors.DIMENSION, TestVectors.DIMENSION);
        }
        return new SetFaces(setId, faceIds, faceIds.stream().map(id -> "img-" + id).toList(),
                new SetFaces.VectorSetData(rows.size(), TestVectors.DIMENSION, values));
    }

    private static float[][] people(int n, Random random) {
        float[][] people = new float[n][];
        for (int i = 0; i < n; i++) {
            people[i] = TestVectors.randomUnit(random);
        }
        return people;
    }
}

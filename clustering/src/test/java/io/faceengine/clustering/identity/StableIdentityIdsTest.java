package io.faceengine.clustering.identity;

import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.decision.FixedGroup;
import io.faceengine.clustering.decision.HumanLink;
import io.faceengine.clustering.decision.SetConstraints;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static io.faceengine.clustering.identity.RunIdentityResolverTest.CLUSTERER;
import static io.faceengine.clustering.identity.RunIdentityResolverTest.faces;
import static io.faceengine.clustering.identity.RunIdentityResolverTest.facesOf;
import static io.faceengine.clustering.identity.RunIdentityResolverTest.resolve;
import static io.faceengine.clustering.identity.RunIdentityResolverTest.resolveDecided;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identity ids come back with the same faces when sets are clustered again: after a model change
 * (every set, in a new embedding space) for people found in several sets as for people of one set,
 * and after a split for the larger part.
 */
class StableIdentityIdsTest {

    @Test
    void aPersonFoundInSeveralSetsKeepsTheIdAcrossAModelChange() {
        // set-b first, set-a a run later: people 4..8 are in both, so their ids come from set-b's faces,
        // while set-a's faces sort first (an id derived from the smallest face would change).
        SetFaces b = faces("set-b", 4, 9, 4);
        SetFaces a = faces("set-a", 0, 9, 4);
        SetClustering firstB = CLUSTERER.cluster(b);
        RunIdentities run1 = resolve("run-1", List.of(firstB), List.of());
        SetClustering firstA = CLUSTERER.cluster(a);
        RunIdentities run2 = resolve("run-2", List.of(firstA), run1.registry());
        assertEquals(5, run2.grownIdentities(), "people 4..8 span both sets");
        Map<String, String> before = identityOfFace(Map.of(firstA, run2, firstB, run1));

        List<ReplacedCluster> replaced = new ArrayList<>(replaced(firstA, run2, StableIdentityIdsTest::newSpace));
        replaced.addAll(replaced(firstB, run1, StableIdentityIdsTest::newSpace));
        SetClustering againA = CLUSTERER.cluster(newSpace(a));
        SetClustering againB = CLUSTERER.cluster(newSpace(b));
        RunIdentities run3 = resolveDecided("run-3", List.of(againA, againB), run2.registry(),
                new RunDecisions(List.of(), replaced));

        assertEquals(before, identityOfFace(Map.of(againA, run3, againB, run3)),
                "every face keeps its id: people of one set and people of both");
        assertEquals(ids(run2.registry()), ids(run3.registry()));
        assertTrue(run3.registry().stream().allMatch(r -> r.faceCount() == 4 * r.sets().size()), "faces counted once");
        List<ReplacedCluster> otherOrder = new ArrayList<>(replaced);
        Collections.reverse(otherOrder);
        RunIdentities rerun = resolveDecided("run-3", List.of(againB, againA), run2.registry(),
                new RunDecisions(List.of(), otherOrder));
        assertEquals(run3.identityOfCluster(), rerun.identityOfCluster(), "the same input gives the same ids");
    }

    @Test
    void aSplitIdentityKeepsItsIdForTheLargerPart() {
        SetFaces set = faces("set-a", 0, 3, 6);
        SetClustering first = CLUSTERER.cluster(set);
        RunIdentities run1 = resolve("run-1", List.of(first), List.of());
        String person = "set-a-p00-f0";
        String id = run1.identityOfCluster().get(clusterOf(first, person));
        assertEquals(6, facesOf(first, clusterOf(first, person)).size());

        // A person splits off the two smallest faces (the smaller part holds the face the id derives from).
        List<String> smaller = List.of("set-a-p00-f0", "set-a-p00-f1");
        List<String> larger = List.of("set-a-p00-f2", "set-a-p00-f3", "set-a-p00-f4", "set-a-p00-f5");
        SetClustering split = CLUSTERER.cluster(set, new SetConstraints(
                List.of(new FixedGroup(smaller, "d1", null), new FixedGroup(larger, "d1", null)), Set.of()));
        RunIdentities run2 = resolveDecided("run-2", List.of(split), run1.registry(),
                new RunDecisions(List.of(), replaced(first, run1, UnaryOperator.identity())));

        assertEquals(id, run2.identityOfCluster().get(clusterOf(split, larger.get(0))), "the larger part keeps the id");
        String other = run2.identityOfCluster().get(clusterOf(split, smaller.get(0)));
        assertNotEquals(id, other, "the smaller part is another person");
        assertEquals(4, record(run2, id).faceCount());
        assertEquals(2, record(run2, other).faceCount());
        for (String unchanged : List.of("set-a-p01-f0", "set-a-p02-f0")) {
            assertEquals(run1.identityOfCluster().get(clusterOf(first, unchanged)),
                    run2.identityOfCluster().get(clusterOf(split, unchanged)), "a person nobody touched keeps the id");
        }
    }

    @Test
    void aPersonsMergeAcrossSetsKeepsItsIdAndNameAcrossAModelChange() {
        // People 0 (set-a) and 5 (set-b) are far apart: only a person's answer makes them one identity.
        SetFaces a = faces("set-a", 0, 3, 4);
        SetFaces b = faces("set-b", 5, 8, 4);
        SetClustering firstA = CLUSTERER.cluster(a);
        SetClustering firstB = CLUSTERER.cluster(b);
        RunIdentities run1 = resolve("run-1", List.of(firstA, firstB), List.of());
        String ada = run1.identityOfCluster().get(clusterOf(firstA, "set-a-p00-f0"));

        // Run 2: set-b is clustered again with a name for person 5 and the answer "same as ada's identity".
        List<String> five = facesOf(firstB, clusterOf(firstB, "set-b-p05-f0"));
        HumanLink same = new HumanLink("set-b-p05-f0", null, ada, true, "d2");
        SetConstraints named = new SetConstraints(List.of(new FixedGroup(five, "d1", "Ada")), Set.of());
        SetClustering secondB = CLUSTERER.cluster(b, named);
        RunIdentities run2 = resolveDecided("run-2", List.of(secondB), run1.registry(),
                new RunDecisions(List.of(same), replaced(firstB, run1, UnaryOperator.identity())));
        assertEquals(ada, run2.identityOfCluster().get(clusterOf(secondB, "set-b-p05-f0")), "joined as answered");
        Map<String, String> before = identityOfFace(Map.of(firstA, run1, secondB, run2));

        // Run 3: a model change clusters both sets again; the decisions replay.
        List<ReplacedCluster> replaced = new ArrayList<>(replaced(firstA, run1, StableIdentityIdsTest::newSpace));
        replaced.addAll(replaced(secondB, run2, StableIdentityIdsTest::newSpace));
        SetClustering againA = CLUSTERER.cluster(newSpace(a));
        SetClustering againB = CLUSTERER.cluster(newSpace(b), named);
        RunIdentities run3 = resolveDecided("run-3", List.of(againA, againB), run2.registry(),
                new RunDecisions(List.of(same), replaced));

        assertEquals(before, identityOfFace(Map.of(againA, run3, againB, run3)));
        IdentityRecord record = record(run3, ada);
        assertEquals("Ada", record.name());
        assertEquals(IdentityStatus.CONFIRMED, record.status());
        assertEquals(List.of("set-a", "set-b"), record.sets());
        assertEquals(8, record.faceCount());
    }

    @Test
    void aPersonsMergeOfTwoClustersJoinsTheirIdentitiesWithoutAConflict() {
        // People 0 (set-a) and 5 (set-b) are far apart: two identities, until a person says they are one.
        SetFaces a = faces("set-a", 0, 3, 4);
        SetFaces b = faces("set-b", 5, 8, 5);
        SetClustering firstA = CLUSTERER.cluster(a);
        SetClustering firstB = CLUSTERER.cluster(b);
        RunIdentities run1 = resolve("run-1", List.of(firstA, firstB), List.of());
        String zero = run1.identityOfCluster().get(clusterOf(firstA, "set-a-p00-f0"));
        String five = run1.identityOfCluster().get(clusterOf(firstB, "set-b-p05-f0"));
        assertNotEquals(zero, five);

        // Both sets are clustered again (the answer names a face on each side) with the merge answer.
        HumanLink same = new HumanLink("set-a-p00-f0", "set-b-p05-f0", null, true, "d1");
        List<ReplacedCluster> replaced = new ArrayList<>(replaced(firstA, run1, UnaryOperator.identity()));
        replaced.addAll(replaced(firstB, run1, UnaryOperator.identity()));
        SetClustering againA = CLUSTERER.cluster(a);
        SetClustering againB = CLUSTERER.cluster(b);
        RunIdentities run2 = resolveDecided("run-2", List.of(againA, againB), run1.registry(),
                new RunDecisions(List.of(same), replaced));

        String joined = run2.identityOfCluster().get(clusterOf(againA, "set-a-p00-f0"));
        assertEquals(joined, run2.identityOfCluster().get(clusterOf(againB, "set-b-p05-f0")), "one identity, as answered");
        assertEquals(five, joined, "the identity holding more of their faces (5 against 4) keeps its id");
        assertEquals(9, record(run2, five).faceCount());
        assertTrue(run2.registry().stream().noneMatch(r -> r.identityId().equals(zero)), "the other id is gone, not left empty");
        assertTrue(run2.reviewItems().isEmpty(), "nothing is left to ask: " + run2.reviewItems());
    }

    /**
     * The embedding space after a model change: here the dimensions reversed with every other sign
     * flipped, so faces keep their similarities while no old centroid compares to a new one.
     */
    private static float[] newSpace(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (i % 2 == 0 ? -1 : 1) * v[v.length - 1 - i];
        }
        return out;
    }

    private static SetFaces newSpace(SetFaces faces) {
        int d = faces.vectors().dimension();
        float[] values = new float[faces.size() * d];
        for (int i = 0; i < faces.size(); i++) {
            float[] row = new float[d];
            System.arraycopy(faces.vectors().rowMajor(), i * d, row, 0, d);
            System.arraycopy(newSpace(row), 0, values, i * d, d);
        }
        return new SetFaces(faces.setId(), faces.faceIds(), faces.imageIds(), new SetFaces.VectorSetData(faces.size(), d, values));
    }

    /** A set's clusters as the next run replaces them: their faces, their identity then, their centroid in the space of the next run. */
    private static List<ReplacedCluster> replaced(SetClustering set, RunIdentities run, UnaryOperator<float[]> space) {
        List<ReplacedCluster> out = new ArrayList<>();
        for (ClusterSummary c : set.clusters()) {
            out.add(new ReplacedCluster(c.clusterId(), run.identityOfCluster().get(c.clusterId()), space.apply(c.centroid()),
                    facesOf(set, c.clusterId())));
        }
        return out;
    }

    private static Map<String, String> identityOfFace(Map<SetClustering, RunIdentities> runOfSet) {
        Map<String, String> out = new TreeMap<>();
        runOfSet.forEach((set, run) -> {
            for (int i = 0; i < set.faceIds().size(); i++) {
                out.put(set.faceIds().get(i), run.identityOfCluster().get(set.clusterIdOfFace().get(i)));
            }
        });
        return out;
    }

    private static String clusterOf(SetClustering set, String face) {
        return set.clusterIdOfFace().get(set.faceIds().indexOf(face));
    }

    private static IdentityRecord record(RunIdentities run, String id) {
        return run.registry().stream().filter(r -> r.identityId().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<IdentityRecord> registry) {
        return registry.stream().map(IdentityRecord::identityId).sorted().toList();
    }
}

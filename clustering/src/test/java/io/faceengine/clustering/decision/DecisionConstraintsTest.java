package io.faceengine.clustering.decision;

import io.faceengine.clustering.registry.ReviewKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionConstraintsTest {
    private static final List<String> CLUSTER = List.of("f1", "f2", "f3", "f4");

    @Test
    void confirmFixesTheWholeClusterAndNameTravelsWithIt() {
        DecisionConstraints c = DecisionConstraints.of(List.of(cluster("d1", 1, DecisionKind.NAME, List.of(), "Ada")));
        assertEquals(List.of(new FixedGroup(CLUSTER, "d1", "Ada")), c.forSet("s").groups());
        assertTrue(c.forSet("other").isEmpty());
    }

    @Test
    void removeFixesTheRestAndFreesTheSelectedFaces() {
        DecisionConstraints c = DecisionConstraints.of(List.of(cluster("d1", 1, DecisionKind.REMOVE, List.of("f2"), null)));
        assertEquals(List.of(new FixedGroup(List.of("f1", "f3", "f4"), "d1", null)), c.forSet("s").groups());
        assertTrue(c.forSet("s").notFaces().isEmpty());
    }

    @Test
    void splitMakesTwoFixedClusters() {
        DecisionConstraints c = DecisionConstraints.of(List.of(cluster("d1", 1, DecisionKind.SPLIT, List.of("f3", "f4"), null)));
        assertEquals(List.of(new FixedGroup(List.of("f1", "f2"), "d1", null), new FixedGroup(List.of("f3", "f4"), "d1", null)),
                c.forSet("s").groups());
    }

    @Test
    void notAFaceLeavesClusteringAndWholeItemWhenNothingIsSelected() {
        DecisionConstraints some = DecisionConstraints.of(List.of(cluster("d1", 1, DecisionKind.NOT_A_FACE, List.of("f4"), null)));
        assertEquals(Set.of("f4"), some.forSet("s").notFaces());
        assertTrue(some.forSet("s").groups().isEmpty(), "the rest is not confirmed by it");
        DecisionConstraints all = DecisionConstraints.of(List.of(cluster("d1", 1, DecisionKind.NOT_A_FACE, List.of(), null)));
        assertEquals(Set.copyOf(CLUSTER), all.forSet("s").notFaces());
    }

    @Test
    void theLaterDecisionHoldsWhereTwoCoverTheSameFaces() {
        HumanDecision named = cluster("d1", 1, DecisionKind.NAME, List.of(), "Ada");
        HumanDecision removed = cluster("d2", 2, DecisionKind.REMOVE, List.of("f1"), null);
        // Given out of order: decisions apply by time, not by list position.
        DecisionConstraints c = DecisionConstraints.of(List.of(removed, named));
        assertEquals(List.of(new FixedGroup(List.of("f2", "f3", "f4"), "d2", "Ada")), c.forSet("s").groups(),
                "the name stays with the faces it was given to");
        DecisionConstraints undoneByLater = DecisionConstraints.of(List.of(named,
                cluster("d3", 3, DecisionKind.NOT_A_FACE, List.of("f1", "f2"), null)));
        assertEquals(List.of(new FixedGroup(List.of("f3", "f4"), "d1", "Ada")), undoneByLater.forSet("s").groups());
        assertEquals(Set.of("f1", "f2"), undoneByLater.forSet("s").notFaces());
    }

    @Test
    void mergeAnswersLinkTheTwoSidesAndTheLatestAnswerAboutAPairHolds() {
        List<DecisionSubject> sides = List.of(new DecisionSubject("c-a", "s", "id-a", List.of("f2", "f1")),
                new DecisionSubject("c-b", "t", "id-b", List.of("g1")), new DecisionSubject(null, null, "id-c", List.of()));
        HumanDecision same = merge("m1", 1, DecisionKind.MERGE, sides);
        HumanDecision different = merge("m2", 2, DecisionKind.REJECT, sides.subList(0, 2));
        DecisionConstraints c = DecisionConstraints.of(List.of(same, different));
        assertEquals(List.of(new HumanLink("f1", null, "id-c", true, "m1"), new HumanLink("f1", "g1", null, false, "m2")),
                c.links());
        assertEquals(Set.of("s", "t"), DecisionConstraints.setsOf(same), "both sides' sets are clustered again");
        assertTrue(c.forSet("s").groups().isEmpty(), "a merge answer fixes no cluster");
    }

    @Test
    void aDecisionMustStayInsideItsItem() {
        assertThrows(IllegalArgumentException.class, () -> cluster("d1", 1, DecisionKind.REMOVE, List.of("x9"), null));
        assertThrows(IllegalArgumentException.class, () -> DecisionKind.fromText("maybe"));
        assertFalse(DecisionConstraints.none().links().iterator().hasNext());
    }

    private static HumanDecision cluster(String id, int second, DecisionKind kind, List<String> selected, String name) {
        return new HumanDecision(id, "item-" + id, "run-1", "s", ReviewKind.CLUSTER, kind, CLUSTER, selected, name, List.of(),
                "alice", Instant.ofEpochSecond(second));
    }

    private static HumanDecision merge(String id, int second, DecisionKind kind, List<DecisionSubject> sides) {
        List<String> faces = sides.stream().flatMap(s -> s.faceIds().stream()).toList();
        return new HumanDecision(id, "item-" + id, "run-1", "s", ReviewKind.MERGE, kind, faces, List.of(), null, sides,
                "alice", Instant.ofEpochSecond(second));
    }
}

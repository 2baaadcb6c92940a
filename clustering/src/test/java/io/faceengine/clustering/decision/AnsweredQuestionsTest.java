package io.faceengine.clustering.decision;

import io.faceengine.clustering.decision.AnsweredQuestions.Side;
import io.faceengine.clustering.registry.ReviewKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule that a question a person answered is not asked again, in any form. */
class AnsweredQuestionsTest {
    private static final List<String> CLUSTER = List.of("f1", "f2", "f3", "f4");
    private static final DecisionSubject LEFT = new DecisionSubject("c-l", "s1", "id-x", List.of("l2", "l1"));
    private static final DecisionSubject RIGHT = new DecisionSubject("c-r", "s2", "id-x", List.of("r1", "r2"));
    private static final DecisionSubject IDENTITY = new DecisionSubject(null, null, "id-known", List.of());

    @Test
    void anAnsweredPairIsAnsweredInAnyFormWhateverTheAnswer() {
        for (DecisionKind answer : List.of(DecisionKind.REJECT, DecisionKind.CONFIRM, DecisionKind.MERGE, DecisionKind.NOT_A_FACE)) {
            AnsweredQuestions answered = AnsweredQuestions.of(List.of(merge(answer, LEFT, RIGHT)));
            // The same two clusters, either way round, however many faces each holds now, whatever identity
            // they resolved to and whichever of their faces is still clustered.
            assertTrue(answered.pairAnswered(Side.ofFaces(Set.of("l1", "l2")), Side.ofFaces(Set.of("r1", "r2"))), answer.text());
            assertTrue(answered.pairAnswered(Side.ofFaces(Set.of("r1", "new")), new Side(Set.of("l1", "w9"), "id-y")), answer.text());
            assertTrue(answered.pairAnswered(Side.ofFaces(Set.of("l2")), Side.ofFaces(Set.of("r2"))), answer.text());
            // A question with only one of the sides is another question.
            assertFalse(answered.pairAnswered(Side.ofFaces(Set.of("l1")), Side.ofFaces(Set.of("z1"))));
            assertFalse(answered.pairAnswered(Side.ofFaces(Set.of("l1")), Side.ofFaces(Set.of("l2"))));
            // Both sides resolved to id-x then: that does not make every question about id-x answered.
            assertFalse(answered.pairAnswered(new Side(Set.of(), "id-x"), new Side(Set.of("l1"), null)));
        }
    }

    @Test
    void aSideThatWasARegistryIdentityIsNamedByItsId() {
        AnsweredQuestions answered = AnsweredQuestions.of(List.of(merge(DecisionKind.REJECT, LEFT, IDENTITY)));
        assertTrue(answered.pairAnswered(new Side(Set.of(), "id-known"), Side.ofFaces(Set.of("l1", "q7"))));
        assertTrue(answered.pairAnswered(new Side(Set.of("l1"), "id-grown"), new Side(Set.of("k1"), "id-known")));
        assertFalse(answered.pairAnswered(new Side(Set.of(), "id-other"), Side.ofFaces(Set.of("l1"))));
    }

    @Test
    void aSideInASetTheRunLeavesAsItWasIsNamedByTheIdentityItsFacesJoined() {
        AnsweredQuestions answered = AnsweredQuestions.of(List.of(merge(DecisionKind.REJECT, LEFT, RIGHT)),
                Map.of("r1", "id-right", "r2", "id-right"));
        assertTrue(answered.pairAnswered(Side.ofFaces(Set.of("l1", "l9")), new Side(Set.of(), "id-right")));
        assertFalse(answered.pairAnswered(Side.ofFaces(Set.of("l1")), new Side(Set.of(), "id-else")));

        // The link behind the answer, as such a run applies it: against the identity.
        HumanLink apart = new HumanLink("l1", "r1", null, false, "m1");
        assertEquals(new HumanLink("l1", null, "id-right", false, "m1"),
                apart.againstIdentities(Set.of("l1", "l2"), Map.of("r1", "id-right")));
        assertEquals(new HumanLink("r1", null, "id-left", false, "m1"),
                apart.againstIdentities(Set.of("r1"), Map.of("l1", "id-left")));
        assertEquals(apart, apart.againstIdentities(Set.of("l1", "r1"), Map.of()), "both in the run");
        assertEquals(apart, apart.againstIdentities(Set.of("l1"), Map.of()), "the other side's identity unknown");
    }

    @Test
    void aClusterAnswerCoversTheFacesThePersonLeftTogether() {
        AnsweredQuestions confirmed = AnsweredQuestions.of(List.of(cluster(DecisionKind.CONFIRM, List.of())));
        assertTrue(confirmed.clusterAnswered(CLUSTER));
        assertTrue(confirmed.clusterAnswered(List.of("f2", "f3")), "fewer faces of the same answer");
        assertFalse(confirmed.clusterAnswered(List.of("f1", "f2", "f3", "f4", "f9")), "a new face makes a new question");

        AnsweredQuestions cleaned = AnsweredQuestions.of(List.of(cluster(DecisionKind.NOT_A_FACE, List.of("f4"))));
        assertTrue(cleaned.clusterAnswered(List.of("f1", "f2", "f3")), "the rest of a cluster cleaned of non-faces");
        assertFalse(cleaned.clusterAnswered(List.of("f3", "f4")));

        AnsweredQuestions removed = AnsweredQuestions.of(List.of(cluster(DecisionKind.REMOVE, List.of("f1", "f2"))));
        assertTrue(removed.clusterAnswered(List.of("f3", "f4")));
        assertFalse(removed.clusterAnswered(List.of("f1", "f2")), "removed faces together: nobody said they are one person");

        AnsweredQuestions split = AnsweredQuestions.of(List.of(cluster(DecisionKind.SPLIT, List.of("f1"))));
        assertTrue(split.clusterAnswered(List.of("f1")));
        assertTrue(split.clusterAnswered(List.of("f2", "f3", "f4")));
        assertFalse(split.clusterAnswered(CLUSTER), "the person said these are two");

        AnsweredQuestions twoAnswers = AnsweredQuestions.of(List.of(cluster(DecisionKind.CONFIRM, List.of()),
                new HumanDecision("d2", "cluster:c-2", "run-1", "s1", ReviewKind.CLUSTER, DecisionKind.CONFIRM,
                        List.of("g1", "g2"), List.of(), null, List.of(), "ann", Instant.EPOCH)));
        assertFalse(twoAnswers.clusterAnswered(List.of("f1", "g1")), "two answered clusters together are a new question");
        assertFalse(AnsweredQuestions.NONE.clusterAnswered(CLUSTER));
        assertFalse(AnsweredQuestions.NONE.pairAnswered(Side.ofFaces(Set.of("l1")), Side.ofFaces(Set.of("r1"))));
    }

    @Test
    void aQuestionAskedAgainUnderTheIdOfADecidedItemGetsAnIdOfItsOwn() {
        AnsweredQuestions answered = AnsweredQuestions.of(List.of(cluster(DecisionKind.NOT_A_FACE, List.of("f4"))));
        assertEquals("cluster:c-2", answered.itemIdFor("cluster:c-2", List.of("g1")));
        // The same anchor face, now with a face the person was not shown: asked beside the decided item.
        String grown = answered.itemIdFor("cluster:c-1", List.of("f1", "f2", "f3", "f9"));
        assertNotEquals("cluster:c-1", grown);
        assertTrue(grown.startsWith("cluster:c-1~"), grown);
        assertEquals(grown, answered.itemIdFor("cluster:c-1", List.of("f9", "f3", "f2", "f1")), "a restart derives the same id");
        assertNotEquals(grown, answered.itemIdFor("cluster:c-1", List.of("f1", "f8")));
    }

    private static HumanDecision cluster(DecisionKind kind, List<String> selected) {
        return new HumanDecision("d1", "cluster:c-1", "run-1", "s1", ReviewKind.CLUSTER, kind, CLUSTER, selected, null,
                List.of(), "ann", Instant.EPOCH);
    }

    private static HumanDecision merge(DecisionKind kind, DecisionSubject first, DecisionSubject second) {
        List<String> faces = List.of(first, second).stream().flatMap(s -> s.faceIds().stream()).toList();
        List<String> selected = kind == DecisionKind.NOT_A_FACE ? faces.subList(0, 1) : List.of();
        return new HumanDecision("m1", "merge:c-l+c-r", "run-1", "s1", ReviewKind.MERGE, kind, faces, selected, null,
                List.of(first, second), "ann", Instant.EPOCH);
    }
}

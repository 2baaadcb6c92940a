package io.faceengine.clustering.identity;

import io.faceengine.clustering.dedup.ResolvedIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which earlier identity a new group comes from goes by shared faces only, each identity once. */
class IdentityInheritanceTest {
    private static final float[] ANY = {1, 0};
    private static final Set<String> EMPTIED = Set.of("X", "Y");

    @Test
    void mostFacesWinNewFacesDoNotVoteAndATieGoesToTheSmallerId() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2"), old("Y", "f3", "f4", "f5"));
        Map<String, List<String>> faces = Map.of(
                "c1", List.of("f1", "f2", "f3", "n1", "n2", "n3"), // X 2, Y 1, three new faces
                "c2", List.of("f4", "f5", "n4")); // Y 2
        assertEquals(Map.of("g1", "X", "g2", "Y"),
                IdentityInheritance.idsOfNewGroups(List.of(group("g1", "c1"), group("g2", "c2")), faces, replaced, EMPTIED));

        Map<String, List<String>> tie = Map.of("c1", List.of("f1", "f3"));
        assertEquals(Map.of("g1", "X"), IdentityInheritance.idsOfNewGroups(List.of(group("g1", "c1")), tie, replaced, EMPTIED));
        assertEquals(Map.of(), IdentityInheritance.idsOfNewGroups(List.of(group("g1", "c1")), Map.of("c1", List.of("n1")), replaced,
                EMPTIED), "only new faces");
    }

    @Test
    void aGroupOfSeveralSetsTakesItsIdentityOnceAndTheLargerPartOfASplitKeepsIt() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2", "f3", "f4", "f5", "f6"));
        Map<String, List<String>> faces = Map.of("a", List.of("f1", "f2"), "b", List.of("f3", "f4"), "small", List.of("f5", "f6"));
        // Clusters a and b (two sets) are one group: 4 of X's faces against 2.
        assertEquals(Map.of("g1", "X"), IdentityInheritance.idsOfNewGroups(
                List.of(group("g1", "a", "b"), group("g0", "small")), faces, replaced, EMPTIED));
    }

    @Test
    void aGroupNamedWithAnIdThatCameBackToAnotherGetsAFreshOne() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2", "f3"));
        Map<String, List<String>> faces = Map.of("big", List.of("f2", "f3"), "small", List.of("f1"));
        // The smaller part was named X again (after its smallest face), but the larger part takes X.
        assertEquals(Map.of("g-big", "X", "X", "X-2"), IdentityInheritance.idsOfNewGroups(
                List.of(group("g-big", "big"), group("X", "small")), faces, replaced, EMPTIED));
    }

    @Test
    void anAnswerNamingAnEmptiedIdentityGoesToTheClusterHoldingMostOfItsFacesButNotItself() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2", "f3"));
        Map<String, List<String>> faces = Map.of("c1", List.of("f1", "f2"), "c2", List.of("f3"), "c3", List.of("n1"));
        assertEquals(Optional.of("c1"), IdentityInheritance.clusterHoldingMost("X", "c3", faces, replaced));
        assertEquals(Optional.of("c2"), IdentityInheritance.clusterHoldingMost("X", "c1", faces, replaced));
        assertEquals(Optional.empty(), IdentityInheritance.clusterHoldingMost("Y", "c1", faces, replaced));
    }

    private static ReplacedCluster old(String identity, String... faces) {
        return new ReplacedCluster("old-" + identity, identity, ANY, List.of(faces));
    }

    private static ResolvedIdentity group(String id, String... clusters) {
        return new ResolvedIdentity(id, true, List.of(clusters), ANY, clusters.length, clusters.length);
    }
}

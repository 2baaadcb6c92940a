package io.faceengine.clustering.identity;

import io.faceengine.clustering.dedup.CandidatePair;
import io.faceengine.clustering.dedup.SetCluster;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which identity a cluster comes from goes by shared faces only, and never joins two people. */
class IdentityInheritanceTest {
    private static final float[] ANY = {1, 0};
    private static final Set<String> IDENTITIES = Set.of("X", "Y");

    @Test
    void mostFacesWinNewFacesDoNotVoteAndATieGoesToTheSmallerId() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2"), old("Y", "f3", "f4", "f5"));
        Map<String, List<String>> faces = Map.of(
                "c1", List.of("f1", "f2", "f3", "n1", "n2", "n3"), // X 2, Y 1, three new faces
                "c2", List.of("f4", "f5", "n4")); // Y 2
        assertEquals(Map.of("c1", "X", "c2", "Y"), inherit(List.of(cluster("c1", "a"), cluster("c2", "b")), faces, replaced));

        Map<String, List<String>> tie = Map.of("c1", List.of("f1", "f3"));
        assertEquals(Map.of("c1", "X"), inherit(List.of(cluster("c1", "a")), tie, replaced));
        assertEquals(Map.of(), inherit(List.of(cluster("c1", "a")), Map.of("c1", List.of("n1")), replaced), "only new faces");
    }

    @Test
    void anIdentityTakesClustersOfOtherSetsButNotTwoOfOneSetNorOnesAPersonKeptApart() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2", "f3", "f4", "f5", "f6", "f7"));
        Map<String, List<String>> faces = Map.of("big", List.of("f1", "f2", "f3"), "other-set", List.of("f4", "f5"),
                "same-set", List.of("f6"), "apart", List.of("f7"));
        List<SetCluster> clusters = List.of(cluster("big", "a"), cluster("other-set", "b"), cluster("same-set", "a"),
                new SetCluster("apart", "c", 1, ANY, "apart", List.of(), List.of("X")));
        assertEquals(Map.of("big", "X", "other-set", "X"), inherit(clusters, faces, replaced));

        List<SetCluster> sharingAPhoto = List.of(cluster("big", "a"),
                new SetCluster("other-set", "b", 2, ANY, "other-set", List.of("img-1"), List.of()),
                new SetCluster("photo", "c", 1, ANY, "photo", List.of("img-1"), List.of()));
        Map<String, List<String>> moreFaces = Map.of("big", List.of("f1", "f2", "f3"), "other-set", List.of("f4", "f5"),
                "photo", List.of("f6"));
        assertEquals(Map.of("big", "X", "other-set", "X"), inherit(sharingAPhoto, moreFaces, replaced),
                "one person is never twice in a photo");
    }

    @Test
    void clustersAPersonSaidAreOneClaimOneIdentityTogether() {
        List<ReplacedCluster> replaced = List.of(old("X", "f1", "f2"), old("Y", "f3", "f4", "f5"));
        Map<String, List<String>> faces = Map.of("c1", List.of("f1", "f2"), "c2", List.of("f3", "f4", "f5"));
        List<SetCluster> clusters = List.of(cluster("c1", "a"), cluster("c2", "b"));
        assertEquals(Map.of("c1", "X", "c2", "Y"), inherit(clusters, faces, replaced), "no answer: each its own");

        List<CandidatePair> merged = List.of(CandidatePair.toCluster("c1", "c2", 1.5f));
        assertEquals(Map.of("c1", "Y", "c2", "Y"), IdentityInheritance.identityOfCluster(clusters, faces, replaced, IDENTITIES, merged),
                "together the larger identity, Y, holds most of their faces");
        List<CandidatePair> named = List.of(CandidatePair.toCluster("c1", "c2", 1.5f), CandidatePair.toIdentity("c1", "X", 1.5f));
        assertEquals(Map.of("c1", "X", "c2", "X"), IdentityInheritance.identityOfCluster(clusters, faces, replaced, IDENTITIES, named),
                "a person's answer naming X decides");
    }

    private static Map<String, String> inherit(List<SetCluster> clusters, Map<String, List<String>> faces,
                                               List<ReplacedCluster> replaced) {
        return IdentityInheritance.identityOfCluster(clusters, faces, replaced, IDENTITIES, List.of());
    }

    private static ReplacedCluster old(String identity, String... faces) {
        return new ReplacedCluster("old-" + identity, identity, ANY, List.of(faces));
    }

    private static SetCluster cluster(String id, String set) {
        return SetCluster.of(id, set, 1, ANY, id);
    }
}

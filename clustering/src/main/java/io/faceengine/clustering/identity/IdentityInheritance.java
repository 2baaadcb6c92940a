package io.faceengine.clustering.identity;

import io.faceengine.clustering.dedup.ResolvedIdentity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which earlier identity the groups of a run come from, when their sets were clustered before and
 * the identities' faces all left with the replaced clusters. An id must come back with the same
 * faces whatever the embedding space (after a model change no old centroid is comparable), so this
 * goes by the faces shared, never by centroids; and it runs after dedup, as a naming step, so
 * clustering a set again decides merges, questions and acceptance exactly as a first run would.
 *
 * <p>A group comes from the identity that held most of its faces; faces new to the run do not vote,
 * so new photos of a person do not cost them their id; ties go to the smaller identity id. Groups
 * take their identities largest share first (ties by group id), each identity once: a person found
 * in several sets keeps one id, and an identity whose faces split into two people keeps its id for
 * the larger part.
 */
final class IdentityInheritance {
    private IdentityInheritance() {
    }

    private record Claim(String groupId, String identityId, int faces) {
    }

    /**
     * @param groups         dedup's groups; only created ones (not a known identity) are renamed
     * @param facesOfCluster per cluster id, its faces
     * @param replaced       the earlier clusters of the sets clustered again, with their faces and identity
     * @param emptied        the identities whose faces all left this run: the ids that may come back
     * @return group id to the id it takes: an emptied identity's, or, for a group whose own id an
     * emptied identity coming back to another group holds, a derived fresh one
     */
    static Map<String, String> idsOfNewGroups(List<ResolvedIdentity> groups, Map<String, List<String>> facesOfCluster,
                                              List<ReplacedCluster> replaced, Set<String> emptied) {
        Map<String, String> identityOfFace = identityOfFace(replaced, emptied);
        List<Claim> claims = new ArrayList<>();
        for (ResolvedIdentity group : groups) {
            if (!group.created()) {
                continue;
            }
            Map<String, Integer> votes = new TreeMap<>();
            for (String cluster : group.clusterIds()) {
                countVotes(facesOfCluster.getOrDefault(cluster, List.of()), identityOfFace, votes);
            }
            best(votes).ifPresent(identity -> claims.add(new Claim(group.identityId(), identity, votes.get(identity))));
        }
        claims.sort(Comparator.comparingInt(Claim::faces).reversed().thenComparing(Claim::groupId));
        Map<String, String> renames = new TreeMap<>();
        Set<String> taken = new HashSet<>();
        for (Claim claim : claims) {
            if (taken.add(claim.identityId())) {
                renames.put(claim.groupId(), claim.identityId());
            }
        }
        // A group named after its smallest face may hold an id that came back to another group.
        Set<String> used = new HashSet<>(taken);
        groups.forEach(g -> used.add(g.identityId()));
        for (ResolvedIdentity group : groups) {
            if (group.created() && !renames.containsKey(group.identityId()) && taken.contains(group.identityId())) {
                String fresh = group.identityId();
                for (int k = 2; used.contains(fresh); k++) {
                    fresh = group.identityId() + "-" + k;
                }
                used.add(fresh);
                renames.put(group.identityId(), fresh);
            }
        }
        return renames;
    }

    /**
     * For a person's answer naming an identity whose faces all left this run: the cluster, other than
     * {@code exceptCluster}, holding most of its faces (ties to the smaller cluster id), if any.
     */
    static Optional<String> clusterHoldingMost(String identityId, String exceptCluster, Map<String, List<String>> facesOfCluster,
                                               List<ReplacedCluster> replaced) {
        Map<String, String> identityOfFace = identityOfFace(replaced, Set.of(identityId));
        String best = null;
        int bestFaces = 0;
        for (Map.Entry<String, List<String>> cluster : new TreeMap<>(facesOfCluster).entrySet()) {
            if (cluster.getKey().equals(exceptCluster)) {
                continue;
            }
            int faces = (int) cluster.getValue().stream().filter(f -> identityId.equals(identityOfFace.get(f))).count();
            if (faces > bestFaces) {
                best = cluster.getKey();
                bestFaces = faces;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Map<String, String> identityOfFace(List<ReplacedCluster> replaced, Set<String> identities) {
        Map<String, String> identityOfFace = new HashMap<>();
        for (ReplacedCluster old : replaced) {
            if (identities.contains(old.identityId())) {
                old.faceIds().forEach(face -> identityOfFace.put(face, old.identityId()));
            }
        }
        return identityOfFace;
    }

    private static void countVotes(List<String> faces, Map<String, String> identityOfFace, Map<String, Integer> votes) {
        for (String face : faces) {
            String identity = identityOfFace.get(face);
            if (identity != null) {
                votes.merge(identity, 1, Integer::sum);
            }
        }
    }

    /** The most votes; TreeMap order plus a strict comparison gives a tie to the smaller id. */
    private static Optional<String> best(Map<String, Integer> votes) {
        String best = null;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            if (best == null || vote.getValue() > votes.get(best)) {
                best = vote.getKey();
            }
        }
        return Optional.ofNullable(best);
    }
}

package io.faceengine.clustering.identity;

import io.faceengine.clustering.dedup.CandidatePair;
import io.faceengine.clustering.dedup.SetCluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which identity each of this run's clusters comes from, when its set was clustered before. An id
 * must come back with the same faces whatever the embedding space (after a model change no old
 * centroid is comparable), so this goes by the faces the clusters share, never by centroids.
 *
 * <p>A cluster comes from the identity that held most of its faces; faces new to the run do not
 * vote, so new photos of a person do not cost them their id; ties go to the smaller identity id.
 * An identity then takes the clusters that come from it, largest share first (ties by cluster id),
 * skipping any that cannot be the same person as one it took: another cluster of the same set
 * (that set's clustering, or a person's split, kept them apart), one sharing a photo, or one a
 * person declared different. So a person found in several sets keeps one id, and an identity
 * whose faces split into two people keeps its id for the larger part.
 *
 * <p>Clusters a person said are one (a merge answer) claim together: the identity a person named
 * for any of them, else the one holding most of their faces. Claiming apart, each would pull back
 * its own old identity, and the answer would end as a conflict between two known identities.
 */
final class IdentityInheritance {
    private IdentityInheritance() {
    }

    private record Claim(SetCluster cluster, String identityId, int faces) {
    }

    /**
     * @param clusters       this run's clusters, with the ids a person declared different in {@code cannotLinkIds}
     * @param facesOfCluster per cluster id, its faces
     * @param replaced       the earlier clusters of the sets clustered again, with their faces and identity
     * @param identities     the identities a cluster may come from (those still known, or emptied this run)
     * @param personSaidSame a person's same-person links of this run's clusters, to clusters or identities
     * @return per cluster id, the identity it comes from (clusters coming from none are absent), sorted by cluster id
     */
    static Map<String, String> identityOfCluster(List<SetCluster> clusters, Map<String, List<String>> facesOfCluster,
                                                 List<ReplacedCluster> replaced, Set<String> identities,
                                                 List<CandidatePair> personSaidSame) {
        Map<String, String> identityOfFace = new HashMap<>();
        for (ReplacedCluster old : replaced) {
            if (identities.contains(old.identityId())) {
                old.faceIds().forEach(face -> identityOfFace.put(face, old.identityId()));
            }
        }
        Map<String, String> group = groupsJoinedByPeople(clusters, personSaidSame);
        Map<String, Map<String, Integer>> votesOfGroup = new HashMap<>();
        for (SetCluster cluster : clusters) {
            Map<String, Integer> votes = votesOfGroup.computeIfAbsent(group.get(cluster.clusterId()), g -> new TreeMap<>());
            for (String face : facesOfCluster.getOrDefault(cluster.clusterId(), List.of())) {
                String identity = identityOfFace.get(face);
                if (identity != null) {
                    votes.merge(identity, 1, Integer::sum);
                }
            }
        }
        Map<String, String> namedByPerson = new TreeMap<>();
        for (CandidatePair link : personSaidSame) {
            if (link.target() == CandidatePair.Target.IDENTITY && identities.contains(link.otherId())) {
                namedByPerson.merge(group.get(link.clusterId()), link.otherId(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        List<Claim> claims = new ArrayList<>();
        for (SetCluster cluster : clusters) {
            String g = group.get(cluster.clusterId());
            Map<String, Integer> votes = votesOfGroup.get(g);
            // TreeMap order plus a strict comparison: the smaller id wins a tie.
            String best = namedByPerson.get(g);
            if (best == null) {
                for (Map.Entry<String, Integer> vote : votes.entrySet()) {
                    if (best == null || vote.getValue() > votes.get(best)) {
                        best = vote.getKey();
                    }
                }
            }
            if (best != null && !cluster.cannotLinkIds().contains(best)) {
                claims.add(new Claim(cluster, best, votes.getOrDefault(best, 0)));
            }
        }
        claims.sort(Comparator.comparingInt(Claim::faces).reversed().thenComparing(c -> c.cluster().clusterId()));
        Map<String, List<SetCluster>> taken = new HashMap<>();
        Map<String, String> out = new TreeMap<>();
        for (Claim claim : claims) {
            List<SetCluster> members = taken.computeIfAbsent(claim.identityId(), id -> new ArrayList<>());
            if (members.stream().allMatch(m -> canBeOnePerson(m, claim.cluster())
                    || group.get(m.clusterId()).equals(group.get(claim.cluster().clusterId())))) {
                members.add(claim.cluster());
                out.put(claim.cluster().clusterId(), claim.identityId());
            }
        }
        return out;
    }

    /** Per cluster id, the smallest cluster id of the clusters a person's answers join it with. */
    private static Map<String, String> groupsJoinedByPeople(List<SetCluster> clusters, List<CandidatePair> personSaidSame) {
        Map<String, String> parent = new HashMap<>();
        clusters.forEach(c -> parent.put(c.clusterId(), c.clusterId()));
        for (CandidatePair link : personSaidSame) {
            if (link.target() == CandidatePair.Target.CLUSTER && parent.containsKey(link.clusterId())
                    && parent.containsKey(link.otherId())) {
                String a = root(parent, link.clusterId());
                String b = root(parent, link.otherId());
                if (!a.equals(b)) {
                    parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
                }
            }
        }
        Map<String, String> group = new HashMap<>();
        parent.keySet().forEach(id -> group.put(id, root(parent, id)));
        return group;
    }

    private static String root(Map<String, String> parent, String id) {
        String at = id;
        while (!parent.get(at).equals(at)) {
            at = parent.get(at);
        }
        return at;
    }

    private static boolean canBeOnePerson(SetCluster a, SetCluster b) {
        return !a.setId().equals(b.setId()) && Collections.disjoint(new HashSet<>(a.imageIds()), b.imageIds())
                && !a.cannotLinkIds().contains(b.clusterId()) && !b.cannotLinkIds().contains(a.clusterId());
    }
}

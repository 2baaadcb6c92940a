package io.faceengine.clustering.dedup;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What cross-set dedup decided.
 *
 * @param identities       every identity holding at least one cluster of the run, sorted by id
 * @param merges           automatic merges in the order they were applied (strongest first)
 * @param reviewCandidates pairs for human review, strongest first; one per pair of resolved groups
 */
public record DedupResult(List<ResolvedIdentity> identities, List<MergeDecision> merges, List<MergeCandidate> reviewCandidates) {

    public DedupResult {
        identities = List.copyOf(identities);
        merges = List.copyOf(merges);
        reviewCandidates = List.copyOf(reviewCandidates);
    }

    /**
     * The same decisions with some identity ids replaced (old id to new id), for ids chosen after
     * dedup; ids not in {@code renames} stay.
     */
    public DedupResult renamed(Map<String, String> renames) {
        if (renames.isEmpty()) {
            return this;
        }
        List<ResolvedIdentity> renamedIdentities = identities.stream()
                .map(i -> new ResolvedIdentity(renames.getOrDefault(i.identityId(), i.identityId()), i.created(), i.clusterIds(),
                        i.centroid(), i.faceCount(), i.addedFaces()))
                .sorted(Comparator.comparing(ResolvedIdentity::identityId))
                .toList();
        List<MergeCandidate> renamedCandidates = reviewCandidates.stream()
                .map(m -> new MergeCandidate(m.clusterId(),
                        m.target() == CandidatePair.Target.IDENTITY ? renames.getOrDefault(m.otherId(), m.otherId()) : m.otherId(),
                        m.target(), m.similarity(), m.reason(), renames.getOrDefault(m.clusterIdentity(), m.clusterIdentity()),
                        renames.getOrDefault(m.otherIdentity(), m.otherIdentity()), m.clusterFaces(), m.otherFaces()))
                .toList();
        return new DedupResult(renamedIdentities, merges, renamedCandidates);
    }

    /** Cluster id to the identity id it resolved to, sorted by cluster id. */
    public Map<String, String> identityOfCluster() {
        Map<String, String> out = new TreeMap<>();
        for (ResolvedIdentity identity : identities) {
            for (String clusterId : identity.clusterIds()) {
                out.put(clusterId, identity.identityId());
            }
        }
        return out;
    }
}

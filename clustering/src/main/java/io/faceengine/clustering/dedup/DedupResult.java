package io.faceengine.clustering.dedup;

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

package io.faceengine.clustering.dedup;

import java.util.Objects;

/**
 * A pair dedup should consider: a cluster of this run and another cluster or a known identity, with
 * the cosine similarity of their centroids. Produced exactly by {@link DedupCandidates#exact} or by
 * a nearest-neighbour search (index or registry) for large runs.
 */
public record CandidatePair(String clusterId, String otherId, Target target, float similarity) {

    /** What {@code otherId} names. */
    public enum Target { CLUSTER, IDENTITY }

    public CandidatePair {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(otherId, "otherId");
        Objects.requireNonNull(target, "target");
        if (target == Target.CLUSTER && clusterId.equals(otherId)) {
            throw new IllegalArgumentException("cluster " + clusterId + " paired with itself");
        }
        if (!Float.isFinite(similarity)) {
            throw new IllegalArgumentException("similarity of " + clusterId + "-" + otherId + " is " + similarity);
        }
    }

    public static CandidatePair toCluster(String clusterId, String otherClusterId, float similarity) {
        return new CandidatePair(clusterId, otherClusterId, Target.CLUSTER, similarity);
    }

    public static CandidatePair toIdentity(String clusterId, String identityId, float similarity) {
        return new CandidatePair(clusterId, identityId, Target.IDENTITY, similarity);
    }
}

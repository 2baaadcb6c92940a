package io.faceengine.clustering.dedup;

/**
 * A pair left apart that a human should decide. Both sides are described after the automatic
 * merges: the identity each side resolved to and how many faces that identity holds, so a review
 * answer can be applied to the whole group and ranked by the faces it relabels.
 *
 * @param clusterIdentity identity the cluster's side resolved to (existing or new)
 * @param otherIdentity   identity the other side resolved to
 * @param clusterFaces    faces of the cluster's resolved group
 * @param otherFaces      faces of the other side's resolved group
 */
public record MergeCandidate(String clusterId, String otherId, CandidatePair.Target target, float similarity, Reason reason,
                             String clusterIdentity, String otherIdentity, int clusterFaces, int otherFaces) {

    public enum Reason {
        /** Similarity between the review and auto-merge thresholds. */
        IN_REVIEW_BAND,
        /** Above auto-merge, but joining would put two faces of one photo (or a human's "different") together. */
        CANNOT_LINK_CONFLICT,
        /** Above auto-merge, but joining would unite two known identities a human confirmed different. */
        KNOWN_IDENTITY_CONFLICT,
        /** Above auto-merge, but joining would unite two known identities never confirmed different: maybe one person. */
        POSSIBLE_DUPLICATE_IDENTITY,
        /** The cluster is above auto-merge with two identities that are too close to each other to choose. */
        AMBIGUOUS_IDENTITY,
        /** Merged automatically, but only just above the auto-merge threshold: kept, and not accepted until answered. */
        NEAR_THRESHOLD_MERGE
    }
}

package io.faceengine.clustering.review;

/** Why a cluster is uncertain; see {@link ClusterUncertainty} for each test. */
public enum UncertaintyReason {
    LOW_COHESION,
    SMALL_MARGIN,
    CANNOT_LINK_CONFLICT,
    NEAR_THRESHOLD_MERGE,
    OUTLIER_MEMBERS,
    SMALL_CLUSTER,
    MERGE_CANDIDATE
}

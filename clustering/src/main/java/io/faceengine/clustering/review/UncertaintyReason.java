package io.faceengine.clustering.review;

/** Why a cluster is uncertain; see {@link ClusterUncertainty} for each test. */
public enum UncertaintyReason {
    LOW_COHESION,
    SMALL_MARGIN,
    CANNOT_LINK_CONFLICT,
    NEAR_THRESHOLD_MERGE,
    OUTLIER_MEMBERS,
    SMALL_CLUSTER,
    MERGE_CANDIDATE,
    /** The calibrated estimate of the cluster's label precision is below the accepted-precision target. */
    LOW_ESTIMATED_PRECISION
}

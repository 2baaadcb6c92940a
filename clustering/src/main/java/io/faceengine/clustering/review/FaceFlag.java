package io.faceengine.clustering.review;

/** Per-face doubts; see {@link ClusterUncertainty}. */
public enum FaceFlag {
    /** Far from its own cluster's centroid: absolutely, or compared with the cluster's typical member. */
    OUTLIER,
    /** Almost as close to a neighbouring cluster's centroid as to its own. */
    BOUNDARY
}

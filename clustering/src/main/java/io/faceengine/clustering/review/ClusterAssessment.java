package io.faceengine.clustering.review;

import java.util.List;

/**
 * One cluster's uncertainty; {@link ClusterUncertainty} documents each field's computation.
 *
 * @param cohesion               mean member-to-centroid cosine
 * @param minSimilarity          lowest member-to-centroid cosine
 * @param margin                 cohesion minus the similarity of the nearest other centroid (floored at 0)
 * @param nearestOtherCluster    neighbouring cluster with the most similar centroid, or -1
 * @param conflicts              graph edges at or above the threshold that leave the cluster (unions refused)
 * @param outliers               members flagged {@link FaceFlag#OUTLIER}
 * @param nearMissFaces          members with an edge to another cluster just below the threshold
 * @param strongCoverage         share of members in the largest part held together by edges >= threshold + band
 * @param score                  uncertainty in [0, 1]
 */
public record ClusterAssessment(int cluster, int size, float cohesion, float minSimilarity, float margin,
                                int nearestOtherCluster, int conflicts, int outliers, int nearMissFaces,
                                float strongCoverage, double score, List<UncertaintyReason> reasons, boolean accepted) {
    public ClusterAssessment {
        reasons = List.copyOf(reasons);
    }
}

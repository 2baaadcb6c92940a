package io.faceengine.clustering.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * One cluster found inside a set.
 *
 * @param clusterId    stable id derived from the set and the cluster's smallest face id
 * @param anchorFaceId the smallest face id of the cluster (what new identity ids derive from)
 * @param centroid     unit mean of the members' embeddings
 * @param imageIds     the distinct photos of the members (cannot-link across sets)
 * @param uncertainty  0 (sure) … 1 (unsure); see the review package for how it is scored
 * @param reasons      why the cluster is uncertain, empty when it is not
 * @param accepted     true when the cluster passes every automatic-acceptance bound, or a person fixed it
 * @param decisionId   the human decision that fixed this cluster, null when the machine formed it
 * @param name         the person's name, when an annotator gave one
 * @param estimatedPrecision calibrated estimate of the share of members that are the cluster's person; NaN
 *                           when the set was not calibrated
 */
public record ClusterSummary(String clusterId, String setId, String anchorFaceId, int size, float[] centroid,
                             List<String> imageIds, float uncertainty, List<String> reasons, boolean accepted,
                             String decisionId, String name, float estimatedPrecision)
        implements Serializable {
    public ClusterSummary {
        imageIds = List.copyOf(imageIds);
        reasons = List.copyOf(reasons);
    }

    public boolean humanDecided() {
        return decisionId != null;
    }
}

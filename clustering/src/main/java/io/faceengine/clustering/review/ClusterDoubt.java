package io.faceengine.clustering.review;

import java.util.List;
import java.util.Objects;

/**
 * A cluster as the review queue sees it.
 *
 * @param uncertainty the cluster's uncertainty score in [0, 1], read as the chance its label is wrong
 * @param faces       faces whose label a review of the cluster confirms or corrects
 */
public record ClusterDoubt(String clusterId, double uncertainty, int faces, boolean accepted, List<String> reasons) {

    public ClusterDoubt {
        Objects.requireNonNull(clusterId, "clusterId");
        if (!(uncertainty >= 0 && uncertainty <= 1)) {
            throw new IllegalArgumentException("uncertainty of " + clusterId + " must be in [0, 1], got " + uncertainty);
        }
        if (faces < 1) {
            throw new IllegalArgumentException("cluster " + clusterId + " has " + faces + " faces");
        }
        reasons = List.copyOf(reasons);
    }

    public static ClusterDoubt of(String clusterId, ClusterAssessment assessment) {
        return new ClusterDoubt(clusterId, assessment.score(), assessment.size(), assessment.accepted(),
                assessment.reasons().stream().map(Enum::name).toList());
    }
}

package io.faceengine.clustering.review;

import java.util.Set;

/**
 * One face's position in its cluster.
 *
 * @param ownSimilarity       cosine to its own cluster's centroid
 * @param nearestOtherCluster the neighbouring cluster (via the graph) whose centroid is closest, or -1
 * @param otherSimilarity     cosine to that centroid, NaN when there is none
 */
public record FaceAssessment(int face, int cluster, float ownSimilarity, int nearestOtherCluster, float otherSimilarity,
                             Set<FaceFlag> flags) {
    public FaceAssessment {
        flags = Set.copyOf(flags);
    }
}

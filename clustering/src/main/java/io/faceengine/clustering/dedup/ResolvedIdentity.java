package io.faceengine.clustering.dedup;

import java.util.List;

/**
 * An identity after dedup: an existing one that grew (same id) or a new one.
 *
 * @param created    true for a new identity
 * @param clusterIds this run's clusters it holds, sorted
 * @param centroid   face-count-weighted mean of its previous centroid and its clusters' centroids, unit length
 * @param faceCount  faces it holds now
 * @param addedFaces faces this run added
 */
public record ResolvedIdentity(String identityId, boolean created, List<String> clusterIds, float[] centroid,
                               int faceCount, int addedFaces) {
    public ResolvedIdentity {
        clusterIds = List.copyOf(clusterIds);
    }
}

package io.faceengine.clustering.dedup;

import java.util.List;
import java.util.Objects;

/**
 * One cluster found by intra-set clustering, as cross-set dedup sees it.
 *
 * @param clusterId     unique across the run (and distinct from every identity id)
 * @param setId         the set the cluster was found in
 * @param faceCount     number of member faces (the weight of its centroid)
 * @param centroid      mean direction of its members; stored normalised to unit length
 * @param anchor        a content-derived key of the cluster, e.g. its smallest face id; a new
 *                      identity is named after the smallest anchor of its clusters
 * @param imageIds      photos of its members: two clusters sharing a photo are different people
 * @param cannotLinkIds clusters or identities a human declared different (ids not in the run are ignored)
 */
public record SetCluster(String clusterId, String setId, int faceCount, float[] centroid, String anchor,
                         List<String> imageIds, List<String> cannotLinkIds) {

    public SetCluster {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(setId, "setId");
        if (faceCount < 1) {
            throw new IllegalArgumentException("cluster " + clusterId + " has " + faceCount + " faces");
        }
        if (anchor == null || anchor.isEmpty()) {
            throw new IllegalArgumentException("cluster " + clusterId + " has no anchor");
        }
        centroid = Vectors.unit(centroid, "cluster " + clusterId);
        imageIds = List.copyOf(imageIds);
        cannotLinkIds = List.copyOf(cannotLinkIds);
    }

    /** A cluster without photo or human constraints. */
    public static SetCluster of(String clusterId, String setId, int faceCount, float[] centroid, String anchor) {
        return new SetCluster(clusterId, setId, faceCount, centroid, anchor, List.of(), List.of());
    }
}

package io.faceengine.clustering.identity;

import java.util.List;

/**
 * A cluster of an earlier run whose set this run clusters again (because a person decided about
 * it, new photos came, or the model changed): its faces leave the identity they joined before, so
 * re-adding them does not count them twice, and they tell which identity a new cluster comes from.
 *
 * @param centroid unit mean of its faces' embeddings, in the space this run clusters in
 * @param faceIds  its faces (those still clustered this run)
 */
public record ReplacedCluster(String clusterId, String identityId, float[] centroid, List<String> faceIds) {
    public ReplacedCluster {
        if (faceIds.isEmpty()) {
            throw new IllegalArgumentException("replaced cluster " + clusterId + " has no faces");
        }
        centroid = centroid.clone();
        faceIds = List.copyOf(faceIds);
    }

    public int faceCount() {
        return faceIds.size();
    }
}

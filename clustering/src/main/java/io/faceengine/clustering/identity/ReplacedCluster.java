package io.faceengine.clustering.identity;

/**
 * A cluster of an earlier run whose set this run clusters again (because a person decided about
 * it): its faces leave the identity they joined before, so re-adding them does not count them twice.
 *
 * @param centroid unit mean of its faces' embeddings, as its run computed it
 */
public record ReplacedCluster(String clusterId, String identityId, float[] centroid, int faceCount) {
    public ReplacedCluster {
        if (faceCount < 1) {
            throw new IllegalArgumentException("replaced cluster " + clusterId + " has " + faceCount + " faces");
        }
        centroid = centroid.clone();
    }

}

package io.faceengine.clustering.identity;

import io.faceengine.clustering.registry.RegistryMatch;

import java.util.List;

/**
 * Finds, for each query centroid, the most similar registry identities. The run uses the
 * Elasticsearch registry's kNN search; matches are checked against the committed registry
 * snapshot before use, so an index entry left by a run that never committed is ignored.
 */
@FunctionalInterface
public interface RegistrySearch {
    List<List<RegistryMatch>> nearestBatch(List<float[]> centroids, int k, float minSimilarity);
}

package io.faceengine.clustering.registry;

/** A registry identity found near a query centroid, with their cosine similarity in [-1, 1]. */
public record RegistryMatch(String identityId, float similarity) {
}

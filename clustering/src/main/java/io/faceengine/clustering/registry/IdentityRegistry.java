package io.faceengine.clustering.registry;

import java.util.List;
import java.util.Optional;

/**
 * The identities known across runs, searchable by centroid. Cross-set dedup asks it which known
 * identity a new cluster is; runs write their identities back; snapshots read it whole.
 */
public interface IdentityRegistry {

    /**
     * Writes the records (replacing documents with the same identity id) and returns once they are
     * searchable. Writing the same records again leaves the same state.
     */
    void upsertAll(List<IdentityRecord> records);

    /**
     * Up to k identities most similar to the centroid by cosine, most similar first, keeping only
     * those with similarity >= minSimilarity. Approximate (HNSW) for large registries.
     */
    List<RegistryMatch> nearest(float[] centroid, int k, float minSimilarity);

    /** {@link #nearest} for each centroid, in order, with fewer round trips. */
    List<List<RegistryMatch>> nearestBatch(List<float[]> centroids, int k, float minSimilarity);

    Optional<IdentityRecord> get(String identityId);

    /** Every identity, ordered by identity id, as of one point in time. */
    List<IdentityRecord> all();

    long count();
}

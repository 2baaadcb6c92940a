package io.faceengine.clustering.graph;

/**
 * The k nearest base rows of each query row, most similar first, in flat arrays:
 * entry {@code j} of query {@code q} is at {@code q * k + j}. Missing entries (fewer than k
 * candidates) have id -1 and similarity NaN.
 */
public record Neighbours(int queries, int k, int[] ids, float[] similarities) {
    public Neighbours {
        if (ids.length != (long) queries * k || similarities.length != ids.length) {
            throw new IllegalArgumentException("expected " + queries + " x " + k + " neighbours");
        }
    }

    public int id(int query, int rank) {
        return ids[query * k + rank];
    }

    public float similarity(int query, int rank) {
        return similarities[query * k + rank];
    }
}

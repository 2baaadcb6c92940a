package io.faceengine.clustering.graph;

/**
 * Finds the most similar rows of a fixed base {@link VectorSet} by cosine similarity. An exact
 * blocked search and an approximate graph index implement it; {@link NeighbourIndexes} picks one
 * by size, so callers never depend on which.
 */
public interface NeighbourIndex {

    /** Number of base rows. */
    int size();

    /** The k most similar base rows of each query row, most similar first. */
    Neighbours nearest(VectorSet queries, int k);

    /** The k most similar other base rows of each base row (the row itself excluded): a kNN graph. */
    Neighbours selfNeighbours(int k);

    /** The arguments every implementation refuses: k below 1, queries of another dimension than the base. */
    static void requireSearchable(VectorSet base, VectorSet queries, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        if (queries.dimension() != base.dimension()) {
            throw new IllegalArgumentException("queries have dimension " + queries.dimension() + ", base " + base.dimension());
        }
    }
}

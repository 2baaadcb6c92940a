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
}

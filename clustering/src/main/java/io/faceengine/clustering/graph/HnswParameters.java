package io.faceengine.clustering.graph;

/**
 * Knobs of the approximate graph index: {@code m} links per node (twice that on the bottom
 * layer), {@code efConstruction} candidates kept while inserting, {@code ef} candidates kept
 * while searching. Larger values raise recall and cost.
 */
public record HnswParameters(int m, int efConstruction, int ef) implements java.io.Serializable {
    public static final HnswParameters DEFAULTS = new HnswParameters(16, 200, 100);

    public HnswParameters {
        if (m < 2 || efConstruction < 1 || ef < 1) {
            throw new IllegalArgumentException("hnsw needs m >= 2, efConstruction >= 1 and ef >= 1; got m=" + m
                    + ", efConstruction=" + efConstruction + ", ef=" + ef);
        }
    }
}

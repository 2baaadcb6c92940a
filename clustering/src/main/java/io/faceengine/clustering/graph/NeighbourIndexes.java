package io.faceengine.clustering.graph;

/** Picks the neighbour index for a base set: exact while affordable, approximate beyond. */
public final class NeighbourIndexes {
    private NeighbourIndexes() {
    }

    public static NeighbourIndex build(VectorSet base, NeighbourIndexOptions options) {
        if (base.size() <= options.exactMaxSize()) {
            return new ExactCosineKnn(base, options.threads());
        }
        return new HnswNeighbourIndex(base, options.hnsw(), options.threads());
    }
}

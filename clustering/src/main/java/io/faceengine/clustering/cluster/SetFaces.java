package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.VectorSet;

import java.io.Serializable;
import java.util.List;

/**
 * The embedded faces of one input set, sorted by face id so that clustering the same faces always
 * sees them in the same order.
 *
 * @param imageIds per face, the photo it comes from (faces of one photo cannot link)
 */
public record SetFaces(String setId, List<String> faceIds, List<String> imageIds, VectorSetData vectors)
        implements Serializable {

    public SetFaces {
        if (faceIds.size() != imageIds.size() || faceIds.size() != vectors.size()) {
            throw new IllegalArgumentException("set " + setId + ": " + faceIds.size() + " face ids, " + imageIds.size()
                    + " image ids, " + vectors.size() + " vectors");
        }
        for (int i = 1; i < faceIds.size(); i++) {
            if (faceIds.get(i - 1).compareTo(faceIds.get(i)) >= 0) {
                throw new IllegalArgumentException("set " + setId + ": face ids must be sorted and distinct");
            }
        }
        faceIds = List.copyOf(faceIds);
        imageIds = List.copyOf(imageIds);
    }

    public int size() {
        return faceIds.size();
    }

    /** Serializable row-major embeddings (Spark ships sets between JVMs). */
    public record VectorSetData(int size, int dimension, float[] rowMajor) implements Serializable {
        public VectorSet toVectorSet() {
            return VectorSet.normalised(size, dimension, rowMajor);
        }
    }
}

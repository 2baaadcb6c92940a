package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.VectorSet;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

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

    /** The same set without the given faces (e.g. ones a person marked as not a face). */
    public SetFaces without(Set<String> removed) {
        if (removed.isEmpty() || faceIds.stream().noneMatch(removed::contains)) {
            return this;
        }
        int d = vectors.dimension();
        List<String> keptFaces = new ArrayList<>();
        List<String> keptImages = new ArrayList<>();
        float[] values = new float[vectors.size() * d];
        int kept = 0;
        for (int i = 0; i < faceIds.size(); i++) {
            if (!removed.contains(faceIds.get(i))) {
                keptFaces.add(faceIds.get(i));
                keptImages.add(imageIds.get(i));
                System.arraycopy(vectors.rowMajor(), i * d, values, kept * d, d);
                kept++;
            }
        }
        return new SetFaces(setId, keptFaces, keptImages,
                new VectorSetData(kept, d, Arrays.copyOf(values, kept * d)));
    }

    /** Serializable row-major embeddings (Spark ships sets between JVMs). */
    public record VectorSetData(int size, int dimension, float[] rowMajor) implements Serializable {
        public VectorSet toVectorSet() {
            return VectorSet.normalised(size, dimension, rowMajor);
        }
    }
}

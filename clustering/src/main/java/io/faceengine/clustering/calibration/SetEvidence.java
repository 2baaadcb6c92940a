package io.faceengine.clustering.calibration;

import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.decision.FixedGroup;
import io.faceengine.clustering.decision.SetConstraints;
import io.faceengine.clustering.graph.NeighbourIndexOptions;
import io.faceengine.clustering.graph.NeighbourIndexes;
import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.VectorSet;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gathers the {@link PairEvidence} of one set: a uniform sample of its face pairs (all of them up to
 * the configured count), each face's nearest face in another photo, every pair of faces sharing a
 * photo, and the pairs human decisions labelled. The sample is seeded by the set id, so a rerun
 * gathers the same evidence.
 */
public final class SetEvidence implements Serializable {
    /** Neighbours searched per face for its nearest face in another photo (a photo holds few faces). */
    private static final int NEAREST_CANDIDATES = 8;
    private final CalibrationOptions options;
    private final NeighbourIndexOptions indexOptions;

    public SetEvidence(CalibrationOptions options, NeighbourIndexOptions indexOptions) {
        this.options = options;
        this.indexOptions = indexOptions;
    }

    public PairEvidence collect(SetFaces allFaces, SetConstraints constraints) {
        SetFaces faces = allFaces.without(constraints.notFaces());
        int n = faces.size();
        if (n < 2) {
            return PairEvidence.EMPTY;
        }
        VectorSet vectors = faces.vectors().toVectorSet();
        int[] photo = photoNumbers(faces.imageIds());
        return new PairEvidence(samplePairs(faces.setId(), vectors, photo), nearest(vectors, photo), samePhoto(vectors, photo),
                humanSame(faces, vectors, constraints.groups()), humanDifferent(faces, vectors, constraints.groups()), n - 1);
    }

    private float[] samplePairs(String setId, VectorSet vectors, int[] photo) {
        int n = vectors.size();
        long all = (long) n * (n - 1) / 2;
        FloatList out = new FloatList();
        if (all <= options.maxPairsPerSet()) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (photo[i] != photo[j]) {
                        out.add(vectors.similarity(i, j));
                    }
                }
            }
            return out.toArray();
        }
        SplittableRandom random = new SplittableRandom(setId.hashCode());
        int attempts = 0;
        while (out.size() < options.maxPairsPerSet() && attempts++ < 4 * options.maxPairsPerSet()) {
            int i = random.nextInt(n);
            int j = random.nextInt(n);
            if (i != j && photo[i] != photo[j]) {
                out.add(vectors.similarity(i, j));
            }
        }
        return out.toArray();
    }

    private float[] nearest(VectorSet vectors, int[] photo) {
        int n = vectors.size();
        int k = Math.min(NEAREST_CANDIDATES, n - 1);
        Neighbours neighbours = NeighbourIndexes.build(vectors, indexOptions).selfNeighbours(k);
        FloatList out = new FloatList();
        for (int q = 0; q < n; q++) {
            for (int rank = 0; rank < k; rank++) {
                int other = neighbours.id(q, rank);
                if (other >= 0 && other != q && photo[other] != photo[q]) {
                    out.add(neighbours.similarity(q, rank));
                    break;
                }
            }
        }
        return out.toArray();
    }

    private static float[] samePhoto(VectorSet vectors, int[] photo) {
        Map<Integer, List<Integer>> facesOfPhoto = new HashMap<>();
        for (int i = 0; i < photo.length; i++) {
            facesOfPhoto.computeIfAbsent(photo[i], p -> new java.util.ArrayList<>()).add(i);
        }
        FloatList out = new FloatList();
        for (List<Integer> members : facesOfPhoto.values()) {
            for (int x = 0; x < members.size(); x++) {
                for (int y = x + 1; y < members.size(); y++) {
                    out.add(vectors.similarity(members.get(x), members.get(y)));
                }
            }
        }
        return out.toArray();
    }

    /** Per face of a fixed group, its most similar other face of the group: one labelled pair per face. */
    private static float[] humanSame(SetFaces faces, VectorSet vectors, List<FixedGroup> groups) {
        FloatList out = new FloatList();
        for (int[] members : indices(faces, groups)) {
            for (int a : members) {
                float best = Float.NaN;
                for (int b : members) {
                    if (a != b && !(vectors.similarity(a, b) <= best)) {
                        best = vectors.similarity(a, b);
                    }
                }
                if (!Float.isNaN(best)) {
                    out.add(best);
                }
            }
        }
        return out.toArray();
    }

    /** Per face of a fixed group, its most similar face of another fixed group of the set: people kept apart. */
    private static float[] humanDifferent(SetFaces faces, VectorSet vectors, List<FixedGroup> groups) {
        List<int[]> members = indices(faces, groups);
        FloatList out = new FloatList();
        for (int g = 0; g < members.size(); g++) {
            for (int a : members.get(g)) {
                float best = Float.NaN;
                for (int h = 0; h < members.size(); h++) {
                    if (h == g) {
                        continue;
                    }
                    for (int b : members.get(h)) {
                        if (!(vectors.similarity(a, b) <= best)) {
                            best = vectors.similarity(a, b);
                        }
                    }
                }
                if (!Float.isNaN(best)) {
                    out.add(best);
                }
            }
        }
        return out.toArray();
    }

    private static List<int[]> indices(SetFaces faces, List<FixedGroup> groups) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < faces.size(); i++) {
            indexOf.put(faces.faceIds().get(i), i);
        }
        return groups.stream().map(g -> g.faceIds().stream().filter(indexOf::containsKey).mapToInt(indexOf::get).toArray())
                .filter(m -> m.length > 0).toList();
    }

    private static int[] photoNumbers(List<String> imageIds) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] out = new int[imageIds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = numbers.computeIfAbsent(imageIds.get(i), id -> numbers.size());
        }
        return out;
    }

    /** A growable float array. */
    private static final class FloatList {
        private float[] values = new float[64];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}

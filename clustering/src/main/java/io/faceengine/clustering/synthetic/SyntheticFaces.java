package io.faceengine.clustering.synthetic;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.graph.VectorSet;

import java.util.HashMap;
import java.util.Map;

/**
 * Generated face embeddings with their ground truth.
 *
 * @param vectors  one unit embedding per face
 * @param identity per face its true identity, 0..identities-1
 * @param photo    per face the photo it came from; faces of one photo are different identities
 */
public record SyntheticFaces(VectorSet vectors, int[] identity, int[] photo) {
    public SyntheticFaces {
        if (identity.length != vectors.size() || photo.length != vectors.size()) {
            throw new IllegalArgumentException("one identity and one photo per face expected");
        }
    }

    public int size() {
        return vectors.size();
    }

    public int identities() {
        int max = -1;
        for (int id : identity) {
            max = Math.max(max, id);
        }
        return max + 1;
    }

    /** Every two faces of one photo cannot link. */
    public CannotLink cannotLink() {
        return CannotLink.byGroup(photo);
    }

    /** Face key → identity, in the form the clustering metrics take. */
    public Map<String, String> trueLabels() {
        return keyed(identity);
    }

    /** Face key → predicted cluster, for labels indexed like the faces. */
    public Map<String, String> keyed(int[] labels) {
        if (labels.length != size()) {
            throw new IllegalArgumentException("expected " + size() + " labels, got " + labels.length);
        }
        Map<String, String> byFace = new HashMap<>(labels.length * 2);
        for (int i = 0; i < labels.length; i++) {
            byFace.put(Integer.toString(i), Integer.toString(labels[i]));
        }
        return byFace;
    }
}

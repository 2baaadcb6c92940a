package io.faceengine.clustering.calibration;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The similarity scores one set (or a pool of sets) offers for calibration, by what is known of them.
 *
 * @param pairs         cosines of face pairs from different photos, sampled uniformly: mostly two people, some one
 * @param nearest       per face, the cosine of its most similar face in another photo: mostly one person
 * @param samePhoto     cosines of face pairs in one photo: two people, for free
 * @param humanSame     cosines of pairs a person said are one person (faces of one fixed group)
 * @param humanDifferent cosines of pairs a person kept apart (faces of two fixed groups of one set)
 * @param candidates    how many others each nearest score is the best of (a set's faces but one)
 */
public record PairEvidence(float[] pairs, float[] nearest, float[] samePhoto, float[] humanSame, float[] humanDifferent,
                           int candidates) implements Serializable {
    public static final PairEvidence EMPTY = new PairEvidence(new float[0], new float[0], new float[0], new float[0], new float[0], 0);

    /** This evidence and another's, pooled (the run-level fit when one set alone is too thin); candidates averaged. */
    public PairEvidence plus(PairEvidence other) {
        int links = nearest.length + other.nearest.length;
        int pooledCandidates = links == 0 ? Math.max(candidates, other.candidates)
                : (int) Math.round(((double) candidates * nearest.length + (double) other.candidates * other.nearest.length) / links);
        return new PairEvidence(concat(pairs, other.pairs), concat(nearest, other.nearest), concat(samePhoto, other.samePhoto),
                concat(humanSame, other.humanSame), concat(humanDifferent, other.humanDifferent), pooledCandidates);
    }

    /** Scores known to be of two people. */
    public int labelledDifferent() {
        return samePhoto.length + humanDifferent.length;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

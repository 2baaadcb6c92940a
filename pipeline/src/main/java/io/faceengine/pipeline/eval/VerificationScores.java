package io.faceengine.pipeline.eval;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Cosine scores of labelled pairs (same person or not) and what a decision threshold makes of
 * them: a pair is called "same" when its score is at or above the threshold. Accuracy is balanced
 * (the mean of the rates right on same and on different pairs), so that scoring every pair, where
 * different ones outnumber same ones by far, does not reward calling everything different.
 */
public final class VerificationScores {
    private final double[] positives;
    private final double[] negatives;

    public VerificationScores(double[] positives, double[] negatives) {
        this.positives = positives.clone();
        this.negatives = negatives.clone();
        Arrays.sort(this.positives);
        Arrays.sort(this.negatives);
    }

    /** The score of the pair of faces {@code a} and {@code b} (indices into the caller's faces). */
    @FunctionalInterface
    public interface PairScore {
        double of(int a, int b);
    }

    /** Every pair of n faces, same when their identity numbers are equal. */
    public static VerificationScores everyPair(int[] identities, PairScore score) {
        int n = identities.length;
        int same = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (identities[a] == identities[b]) {
                    same++;
                }
            }
        }
        double[] positives = new double[same];
        double[] negatives = new double[Math.toIntExact((long) n * (n - 1) / 2 - same)];
        int p = 0;
        int q = 0;
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                double value = score.of(a, b);
                if (identities[a] == identities[b]) {
                    positives[p++] = value;
                } else {
                    negatives[q++] = value;
                }
            }
        }
        return new VerificationScores(positives, negatives);
    }

    public int positivePairs() {
        return positives.length;
    }

    public int negativePairs() {
        return negatives.length;
    }

    /**
     * The threshold with the highest (balanced) accuracy on these pairs: midway between two neighbouring
     * scores, so it does not sit on a pair's score (the lowest such threshold when several tie).
     */
    public double bestThreshold() {
        double[] all = new double[positives.length + negatives.length];
        System.arraycopy(positives, 0, all, 0, positives.length);
        System.arraycopy(negatives, 0, all, positives.length, negatives.length);
        if (all.length == 0) {
            throw new IllegalStateException("no pairs to choose a threshold on");
        }
        Arrays.sort(all);
        double best = Math.nextDown(all[0]);
        double bestAccuracy = accuracyAt(best);
        for (int k = 1; k <= all.length; k++) {
            if (k < all.length && all[k] == all[k - 1]) {
                continue;
            }
            double threshold = k == all.length ? Math.nextUp(all[k - 1]) : (all[k - 1] + all[k]) / 2;
            double accuracy = accuracyAt(threshold);
            if (accuracy > bestAccuracy) {
                best = threshold;
                bestAccuracy = accuracy;
            }
        }
        return best;
    }

    /**
     * Mean of the share of same pairs and the share of different pairs called right at this
     * threshold (the plain share of pairs right when there are as many of each); the one share
     * when there are pairs of one kind only.
     */
    public double accuracyAt(double threshold) {
        if (positives.length == 0 && negatives.length == 0) {
            throw new IllegalStateException("no pairs to score");
        }
        double sameRight = (double) atOrAbove(positives, threshold) / positives.length;
        double differentRight = (double) (negatives.length - atOrAbove(negatives, threshold)) / negatives.length;
        if (positives.length == 0) {
            return differentRight;
        }
        return negatives.length == 0 ? sameRight : (sameRight + differentRight) / 2;
    }

    /**
     * True accept rate at the lowest threshold whose false accept rate is at most {@code far};
     * empty without positive or negative pairs.
     */
    public OptionalDouble trueAcceptRateAt(double far) {
        if (positives.length == 0 || negatives.length == 0) {
            return OptionalDouble.empty();
        }
        int allowedFalseAccepts = (int) Math.floor(far * negatives.length);
        double threshold = allowedFalseAccepts >= negatives.length
                ? Double.NEGATIVE_INFINITY : Math.nextUp(negatives[negatives.length - 1 - allowedFalseAccepts]);
        return OptionalDouble.of((double) atOrAbove(positives, threshold) / positives.length);
    }

    /** How many of the sorted values are >= threshold. */
    private static int atOrAbove(double[] sorted, double threshold) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < threshold) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return sorted.length - low;
    }
}

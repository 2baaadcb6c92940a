package io.faceengine.jobs.train;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Cosine scores of labelled pairs (same person or not) and what a decision threshold makes of
 * them: a pair is called "same" when its score is at or above the threshold.
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

    public int positivePairs() {
        return positives.length;
    }

    public int negativePairs() {
        return negatives.length;
    }

    /**
     * The threshold with the highest accuracy on these pairs: midway between two neighbouring
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
        int bestCorrect = correctAt(best);
        for (int k = 1; k <= all.length; k++) {
            if (k < all.length && all[k] == all[k - 1]) {
                continue;
            }
            double threshold = k == all.length ? Math.nextUp(all[k - 1]) : (all[k - 1] + all[k]) / 2;
            int correct = correctAt(threshold);
            if (correct > bestCorrect) {
                best = threshold;
                bestCorrect = correct;
            }
        }
        return best;
    }

    /** Share of pairs called right at this threshold. */
    public double accuracyAt(double threshold) {
        int pairs = positives.length + negatives.length;
        if (pairs == 0) {
            throw new IllegalStateException("no pairs to score");
        }
        return (double) correctAt(threshold) / pairs;
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

    private int correctAt(double threshold) {
        return atOrAbove(positives, threshold) + (negatives.length - atOrAbove(negatives, threshold));
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

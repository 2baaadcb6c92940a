package io.faceengine.pipeline.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * LFW's verification protocol: for each fold, the similarity threshold is the one with the best
 * accuracy on the other folds, and accuracy is measured on the held-out fold; the report gives
 * the mean and standard deviation over folds. TAR at fixed FAR is read off all pairs pooled.
 */
public final class VerificationProtocol {

    private VerificationProtocol() {
    }

    /**
     * Scores each pair by the cosine of its two faces' embeddings (NaN when either image has no
     * embedded face) and evaluates them.
     */
    public static VerificationReport evaluate(List<VerificationPair> pairs,
                                              Map<java.nio.file.Path, LabelledFaceEmbedder.Outcome> outcomes) {
        double[] scores = new double[pairs.size()];
        boolean[] same = new boolean[pairs.size()];
        int[] folds = new int[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            VerificationPair p = pairs.get(i);
            var a = outcomes.get(p.imageA()).embedding();
            var b = outcomes.get(p.imageB()).embedding();
            scores[i] = a.isPresent() && b.isPresent() ? a.get().cosine(b.get()) : Double.NaN;
            same[i] = p.same();
            folds[i] = p.fold();
        }
        return evaluate(scores, same, folds);
    }

    /**
     * @param scores similarity per pair (higher = more alike); NaN = no score (e.g. no face found),
     *               which counts as "different"
     */
    public static VerificationReport evaluate(double[] scores, boolean[] same, int[] folds) {
        if (scores.length != same.length || scores.length != folds.length || scores.length == 0) {
            throw new IllegalArgumentException("scores, labels and folds must be non-empty and of equal length");
        }
        int[] foldIds = Arrays.stream(folds).distinct().sorted().toArray();
        if (foldIds.length < 2) {
            throw new IllegalArgumentException("need at least 2 folds, got " + foldIds.length);
        }
        Map<Integer, Double> accuracies = new LinkedHashMap<>();
        Map<Integer, Double> thresholds = new LinkedHashMap<>();
        for (int fold : foldIds) {
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                (folds[i] == fold ? test : train).add(i);
            }
            double threshold = bestThreshold(scores, same, train);
            thresholds.put(fold, threshold);
            accuracies.put(fold, accuracy(scores, same, test, threshold));
        }
        double mean = accuracies.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = accuracies.values().stream().mapToDouble(a -> (a - mean) * (a - mean)).sum() / accuracies.size();
        int unscored = (int) Arrays.stream(scores).filter(Double::isNaN).count();
        int positives = 0;
        for (boolean s : same) {
            positives += s ? 1 : 0;
        }
        Map<String, Double> tar = new LinkedHashMap<>();
        Map<String, String> unmeasured = new LinkedHashMap<>();
        int negatives = scores.length - positives;
        for (double far : new double[]{1e-3, 1e-2, 1e-1}) {
            double value = tarAtFar(scores, same, far);
            if (Double.isNaN(value)) {
                unmeasured.put(String.valueOf(far), positives == 0 ? "no same-person pairs"
                        : "needs at least " + (long) Math.ceil(1 / far) + " different-person pairs, there are " + negatives);
            } else {
                tar.put(String.valueOf(far), value);
            }
        }
        return new VerificationReport(scores.length, positives, negatives, unscored, mean,
                Math.sqrt(variance), accuracies, thresholds, tar, unmeasured);
    }

    /** The threshold (midpoint between adjacent scores) with the highest accuracy on the given pairs. */
    static double bestThreshold(double[] scores, boolean[] same, List<Integer> pairs) {
        TreeSet<Double> distinct = new TreeSet<>();
        for (int i : pairs) {
            if (!Double.isNaN(scores[i])) {
                distinct.add(scores[i]);
            }
        }
        double best = 0;
        double bestAccuracy = -1;
        Double previous = null;
        for (double s : distinct) {
            double candidate = previous == null ? s - 1e-6 : (previous + s) / 2;
            double acc = accuracy(scores, same, pairs, candidate);
            if (acc > bestAccuracy) {
                bestAccuracy = acc;
                best = candidate;
            }
            previous = s;
        }
        return best;
    }

    static double accuracy(double[] scores, boolean[] same, List<Integer> pairs, double threshold) {
        int correct = 0;
        for (int i : pairs) {
            boolean predictedSame = !Double.isNaN(scores[i]) && scores[i] > threshold;
            correct += predictedSame == same[i] ? 1 : 0;
        }
        return pairs.isEmpty() ? 0 : (double) correct / pairs.size();
    }

    /**
     * Share of same pairs accepted at the lowest threshold whose false accept rate stays within
     * {@code far}; NaN when there are too few different pairs to measure that rate.
     */
    static double tarAtFar(double[] scores, boolean[] same, double far) {
        List<Double> negatives = new ArrayList<>();
        List<Double> positives = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            double s = Double.isNaN(scores[i]) ? Double.NEGATIVE_INFINITY : scores[i];
            (same[i] ? positives : negatives).add(s);
        }
        if (negatives.isEmpty() || far * negatives.size() < 1) {
            return Double.NaN;
        }
        negatives.sort(null);
        int allowed = (int) Math.floor(far * negatives.size());
        // Accept scores strictly above the (allowed+1)-th highest negative.
        double threshold = negatives.get(negatives.size() - 1 - allowed);
        long accepted = positives.stream().filter(s -> s > threshold).count();
        return positives.isEmpty() ? Double.NaN : (double) accepted / positives.size();
    }
}

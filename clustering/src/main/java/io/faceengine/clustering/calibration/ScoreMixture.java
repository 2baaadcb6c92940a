package io.faceengine.clustering.calibration;

import java.io.Serializable;

/**
 * Two Gaussian components of cosine similarity, different people (impostor) and one person
 * (genuine), fitted by EM to a set's {@link PairEvidence}. The sampled pairs are an unlabelled
 * mixture whose genuine share {@code pairPrior} is fitted with the components; same-photo pairs and
 * human answers are labelled and pull the components by their known side.
 *
 * <p>Each face's nearest link is a second mixture: either its best one-person link (a Gaussian of its
 * own, fitted) or, for a face whose people are absent, the best of {@code candidates} impostor pairs,
 * whose law follows from the impostor component: P(max &lt; t) = F0(t)^candidates. Its weight
 * {@code nearestPrior} is the share of faces whose nearest link is one person. Clustering links are
 * such nearest links, so their posterior ({@link #linkPosterior}) comes from this model; a set of
 * many people and few photos each (most faces' nearest is someone else) cuts higher than a set of
 * few people with many photos, at the same rate.
 *
 * @param pairPrior         share of one-person pairs among the sampled pairs
 * @param nearestPrior      share of faces whose nearest link is one person
 * @param nearestMean       mean of the one-person nearest links
 * @param nearestSd         their standard deviation
 * @param candidates        how many others a nearest link is the best of
 * @param genuinePairs      estimated one-person pairs behind the fit (sampled pairs' responsibilities plus labelled ones)
 * @param iterations        EM iterations run on the pairs
 */
public record ScoreMixture(double impostorMean, double impostorSd, double genuineMean, double genuineSd, double pairPrior,
                           double nearestPrior, double nearestMean, double nearestSd, int candidates,
                           double genuinePairs, int iterations) implements Serializable {
    private static final int MAX_ITERATIONS = 500;
    private static final double TOLERANCE = 1e-7;
    private static final double MIN_SD = 1e-3;
    private static final double MIN_PRIOR = 1e-7;
    /** Resolution of thresholds: cosines are scanned in steps of this. */
    private static final double STEP = 1e-3;

    /**
     * Fits the two components. Starts from the pairs' median (different people dominate a uniform sample)
     * and their 99.5th percentile (where one person's pairs sit), or the labelled scores when present.
     *
     * @return the fit, or null when there are no unlabelled pairs to fit
     */
    public static ScoreMixture fit(PairEvidence evidence) {
        float[] pairs = evidence.pairs();
        if (pairs.length < 2) {
            return null;
        }
        float[] sorted = pairs.clone();
        java.util.Arrays.sort(sorted);
        double m0 = evidence.labelledDifferent() > 0 ? mean(evidence.samePhoto(), evidence.humanDifferent()) : sorted[sorted.length / 2];
        double m1 = evidence.humanSame().length > 0 ? mean(evidence.humanSame()) : sorted[(int) Math.floor(0.995 * (sorted.length - 1))];
        double s0 = 0.1;
        double s1 = 0.1;
        double prior = 0.05;
        double likelihood = Double.NEGATIVE_INFINITY;
        int iteration = 0;
        double genuine = 0;
        while (iteration++ < MAX_ITERATIONS) {
            Moments impostor = new Moments();
            Moments same = new Moments();
            double logLikelihood = 0;
            double responsibility = 0;
            for (float s : pairs) {
                double a = (1 - prior) * density(s, m0, s0);
                double b = prior * density(s, m1, s1);
                double total = a + b;
                double r = total > 0 ? b / total : (Math.abs(s - m1) < Math.abs(s - m0) ? 1 : 0);
                logLikelihood += Math.log(Math.max(total, 1e-300));
                responsibility += r;
                impostor.add(s, 1 - r);
                same.add(s, r);
            }
            for (float[] labelled : new float[][]{evidence.samePhoto(), evidence.humanDifferent()}) {
                for (float s : labelled) {
                    impostor.add(s, 1);
                }
            }
            for (float s : evidence.humanSame()) {
                same.add(s, 1);
            }
            prior = Math.min(1 - MIN_PRIOR, Math.max(MIN_PRIOR, responsibility / pairs.length));
            genuine = responsibility + evidence.humanSame().length;
            if (impostor.weight <= 0 || same.weight <= 0) {
                break;
            }
            m0 = impostor.mean();
            m1 = same.mean();
            s0 = Math.max(MIN_SD, impostor.sd());
            s1 = Math.max(MIN_SD, same.sd());
            if (Math.abs(logLikelihood - likelihood) <= TOLERANCE * Math.abs(logLikelihood)) {
                break;
            }
            likelihood = logLikelihood;
        }
        return withNearest(new ScoreMixture(m0, s0, m1, s1, prior, Double.NaN, Double.NaN, Double.NaN,
                Math.max(1, evidence.candidates()), genuine, Math.min(iteration, MAX_ITERATIONS)), evidence.nearest());
    }

    /** Fits the nearest-link mixture (weight and one-person Gaussian) to the faces' nearest scores, impostor law fixed. */
    private static ScoreMixture withNearest(ScoreMixture pairs, float[] nearest) {
        if (nearest.length < 2) {
            return pairs;
        }
        float[] sorted = nearest.clone();
        java.util.Arrays.sort(sorted);
        double weight = 0.5;
        double mean = sorted[(int) (0.75 * (sorted.length - 1))];
        double sd = 0.1;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            Moments same = new Moments();
            for (float s : nearest) {
                double a = (1 - weight) * pairs.nearestImpostorDensity(s);
                double b = weight * density(s, mean, sd);
                same.add(s, a + b > 0 ? b / (a + b) : (s > mean ? 1 : 0));
            }
            double next = Math.min(1 - MIN_PRIOR, Math.max(MIN_PRIOR, same.weight / nearest.length));
            boolean settled = Math.abs(next - weight) < TOLERANCE;
            weight = next;
            if (same.weight <= 0) {
                break;
            }
            mean = same.mean();
            sd = Math.max(MIN_SD, same.sd());
            if (settled) {
                break;
            }
        }
        return new ScoreMixture(pairs.impostorMean, pairs.impostorSd, pairs.genuineMean, pairs.genuineSd, pairs.pairPrior,
                weight, mean, sd, pairs.candidates, pairs.genuinePairs, pairs.iterations);
    }

    /** Whether the faces' nearest links were fitted (at least two faces). */
    public boolean hasNearest() {
        return !Double.isNaN(nearestPrior);
    }

    /** Density of the best of {@code candidates} impostor cosines at {@code s}: m f0(s) F0(s)^(m-1). */
    double nearestImpostorDensity(double s) {
        double below = 1 - upperTail((s - impostorMean) / impostorSd);
        if (below <= 0) {
            return 0;
        }
        return Math.exp(Math.log(candidates) + Math.log(density(s, impostorMean, impostorSd)) + (candidates - 1) * Math.log(below));
    }

    /** P(best of {@code candidates} impostor cosines >= t) = 1 - F0(t)^m. */
    double nearestImpostorTail(double t) {
        double above = upperTail((t - impostorMean) / impostorSd);
        return -Math.expm1(candidates * Math.log1p(-Math.min(above, 1 - 1e-16)));
    }

    /** Of the faces whose nearest link scores at least {@code t}, the estimated share linked to another person. */
    public double falseLinkShareAbove(double t) {
        double a = (1 - nearestPrior) * nearestImpostorTail(t);
        double b = nearestPrior * upperTail((t - nearestMean) / nearestSd);
        return a + b > 0 ? a / (a + b) : 1;
    }

    /**
     * Probability that a nearest link (a similarity-graph link) of cosine {@code s} joins one person; from the
     * pair model with its prior when the nearest links were not fitted.
     */
    public double linkPosterior(double s) {
        if (!hasNearest()) {
            return posteriorGenuine(s, pairPrior);
        }
        double a = (1 - nearestPrior) * nearestImpostorDensity(s);
        double b = nearestPrior * density(s, nearestMean, nearestSd);
        double nearest = a + b > 0 ? b / (a + b) : (s > nearestMean ? 1 : 0);
        // Below the usual best impostor the law of nearest impostors vanishes too: there the pair model (with the
        // nearest links' prior) keeps a low cosine from passing for a sure link.
        return s >= nearestImpostorMode() ? nearest : Math.min(nearest, posteriorGenuine(s, nearestPrior));
    }

    /** Where the best of {@code candidates} impostor cosines usually lies: the impostor quantile 1 - 1/candidates. */
    double nearestImpostorMode() {
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (upperTail(mid) > 1.0 / (candidates + 1)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return impostorMean + impostorSd * lo;
    }

    /**
     * The least cosine above the impostor mean where at most {@code rate} of the pairs above it are two people
     * and at most {@code rate} of the faces whose nearest link is above it are linked to another person; NaN
     * when no cosine up to 1 gets there. Both readings of a false merge are held; when one-person pairs are so
     * rare among all pairs that the pair reading reaches the rate nowhere, the nearest links alone decide.
     */
    public double thresholdAtFalseMergeRate(double rate) {
        double pairs = thresholdAtFalseMergeRate(rate, pairPrior);
        if (!hasNearest()) {
            return pairs;
        }
        double links = thresholdAtFalseLinkRate(rate);
        return Double.isNaN(pairs) ? links : Double.isNaN(links) ? Double.NaN : Math.max(pairs, links);
    }

    /**
     * The least cosine above the impostor mean where at most {@code rate} of the nearest links above it join two
     * people (the pair model's cut when nearest links were not fitted), or NaN.
     */
    public double thresholdAtFalseLinkRate(double rate) {
        if (!hasNearest()) {
            return thresholdAtFalseMergeRate(rate, pairPrior);
        }
        for (double t = Math.max(-1, impostorMean); t <= 1; t += STEP) {
            if (falseLinkShareAbove(t) <= rate) {
                return round(t);
            }
        }
        return Double.NaN;
    }

    /** The least cosine above the impostor mean whose link posterior reaches {@code posterior}, or NaN. */
    public double thresholdAtLinkPosterior(double posterior) {
        for (double t = Math.max(-1, impostorMean); t <= 1; t += STEP) {
            if (linkPosterior(t) >= posterior) {
                return round(t);
            }
        }
        return Double.NaN;
    }

    /** Distance of the component means in pooled standard deviations (d'); negative when the sides swapped. */
    public double separation() {
        return (genuineMean - impostorMean) / Math.sqrt((impostorSd * impostorSd + genuineSd * genuineSd) / 2);
    }

    /** Probability that a pair scoring {@code s} is one person, when a share {@code prior} of such pairs are. */
    public double posteriorGenuine(double s, double prior) {
        double a = (1 - prior) * density(s, impostorMean, impostorSd);
        double b = prior * density(s, genuineMean, genuineSd);
        return a + b > 0 ? b / (a + b) : (s > (impostorMean + genuineMean) / 2 ? 1 : 0);
    }

    /** Of the pairs scoring at least {@code t}, the estimated share that are two people. */
    public double falseMergeShareAbove(double t, double prior) {
        double a = (1 - prior) * upperTail((t - impostorMean) / impostorSd);
        double b = prior * upperTail((t - genuineMean) / genuineSd);
        return a + b > 0 ? a / (a + b) : 1;
    }

    /**
     * The least cosine above the impostor mean where at most {@code rate} of the pairs at or above it are
     * two people, or NaN when no cosine up to 1 gets there.
     */
    public double thresholdAtFalseMergeRate(double rate, double prior) {
        for (double t = Math.max(-1, impostorMean); t <= 1; t += STEP) {
            if (falseMergeShareAbove(t, prior) <= rate) {
                return round(t);
            }
        }
        return Double.NaN;
    }

    /** The least cosine above the impostor mean whose posterior of one person reaches {@code posterior}, or NaN. */
    public double thresholdAtPosterior(double posterior, double prior) {
        for (double t = Math.max(-1, impostorMean); t <= 1; t += STEP) {
            if (posteriorGenuine(t, prior) >= posterior) {
                return round(t);
            }
        }
        return Double.NaN;
    }

    private static double round(double t) {
        return Math.round(t / STEP) * STEP;
    }

    static double density(double s, double mean, double sd) {
        double z = (s - mean) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    /** P(Z >= z) of a standard normal, from erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    private static double mean(float[]... arrays) {
        double sum = 0;
        int n = 0;
        for (float[] a : arrays) {
            for (float v : a) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }

    /** Weighted first and second moments. */
    private static final class Moments {
        double weight;
        double sum;
        double squares;

        void add(double value, double w) {
            weight += w;
            sum += w * value;
            squares += w * value * value;
        }

        double mean() {
            return sum / weight;
        }

        double sd() {
            double m = mean();
            return Math.sqrt(Math.max(0, squares / weight - m * m));
        }
    }
}

package io.faceengine.clustering.calibration;

import java.io.Serializable;

/**
 * Two Gaussian components of cosine similarity, different people (impostor) and one person
 * (genuine), fitted by EM to a set's {@link PairEvidence}. The sampled pairs are an unlabelled
 * mixture whose genuine share {@code pairPrior} is fitted with the components; same-photo pairs and
 * human answers are labelled and pull the components by their known side. Thresholds then follow
 * from rates: the share of pairs above a cut that are two people, or a pair's posterior.
 *
 * @param genuinePairs estimated one-person pairs behind the fit (sampled pairs' responsibilities plus labelled ones)
 * @param iterations   EM iterations run
 */
public record ScoreMixture(double impostorMean, double impostorSd, double genuineMean, double genuineSd,
                           double pairPrior, double genuinePairs, int iterations) implements Serializable {
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
        return new ScoreMixture(m0, s0, m1, s1, prior, genuine, Math.min(iteration, MAX_ITERATIONS));
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

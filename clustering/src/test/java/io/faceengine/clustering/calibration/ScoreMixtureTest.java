package io.faceengine.clustering.calibration;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreMixtureTest {

    /** Scores drawn from two Gaussians; {@code same[i]} says which. */
    private record Labelled(float[] scores, boolean[] same) {
        static Labelled draw(int n, double prior, double m0, double s0, double m1, double s1, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            float[] scores = new float[n];
            boolean[] same = new boolean[n];
            for (int i = 0; i < n; i++) {
                same[i] = random.nextDouble() < prior;
                scores[i] = (float) (same[i] ? m1 + s1 * gaussian(random) : m0 + s0 * gaussian(random));
            }
            return new Labelled(scores, same);
        }

        /** Realised share of two-people pairs among those at or above t. */
        double falseShareAbove(double t) {
            int above = 0;
            int wrong = 0;
            for (int i = 0; i < scores.length; i++) {
                if (scores[i] >= t) {
                    above++;
                    wrong += same[i] ? 0 : 1;
                }
            }
            return above == 0 ? 0 : (double) wrong / above;
        }

        double recallAbove(double t) {
            int genuine = 0;
            int found = 0;
            for (int i = 0; i < scores.length; i++) {
                if (same[i]) {
                    genuine++;
                    found += scores[i] >= t ? 1 : 0;
                }
            }
            return (double) found / genuine;
        }
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static PairEvidence unlabelled(float[] pairs) {
        return new PairEvidence(pairs, new float[0], new float[0], new float[0], new float[0], 0);
    }

    @Test
    void recoversTheComponentsOfASyntheticMixture() {
        Labelled data = Labelled.draw(40_000, 0.1, 0.05, 0.14, 0.65, 0.12, 1);
        ScoreMixture fit = ScoreMixture.fit(unlabelled(data.scores()));
        assertNotNull(fit);
        assertEquals(0.05, fit.impostorMean(), 0.01);
        assertEquals(0.14, fit.impostorSd(), 0.01);
        assertEquals(0.65, fit.genuineMean(), 0.01);
        assertEquals(0.12, fit.genuineSd(), 0.01);
        assertEquals(0.1, fit.pairPrior(), 0.01);
        assertEquals(4000, fit.genuinePairs(), 200);
        assertTrue(fit.separation() > 4, "d' of these components is 4.6: " + fit.separation());
    }

    @Test
    void theThresholdHoldsItsFalseMergeRateOnTheSample() {
        Labelled data = Labelled.draw(40_000, 0.05, 0.0, 0.15, 0.6, 0.12, 2);
        ScoreMixture fit = ScoreMixture.fit(unlabelled(data.scores()));
        for (double rate : new double[]{0.05, 0.01}) {
            double t = fit.thresholdAtFalseMergeRate(rate, fit.pairPrior());
            assertTrue(data.falseShareAbove(t) <= 1.5 * rate, "rate " + rate + " at " + t + ": " + data.falseShareAbove(t));
            assertTrue(fit.falseMergeShareAbove(t, fit.pairPrior()) <= rate);
            assertTrue(fit.falseMergeShareAbove(t - 0.01, fit.pairPrior()) > rate, "the least such cosine");
        }
        assertTrue(fit.thresholdAtFalseMergeRate(0.001, fit.pairPrior()) > fit.thresholdAtFalseMergeRate(0.01, fit.pairPrior()),
                "a stricter rate cuts higher");
    }

    @Test
    void fewerSamePersonPairsCutHigherAtTheSameRate() {
        // Same components, ten times fewer one-person pairs: a pair above a given cosine is more often two people.
        ScoreMixture common = ScoreMixture.fit(unlabelled(Labelled.draw(40_000, 0.1, 0.05, 0.14, 0.65, 0.12, 3).scores()));
        ScoreMixture rare = ScoreMixture.fit(unlabelled(Labelled.draw(40_000, 0.01, 0.05, 0.14, 0.65, 0.12, 3).scores()));
        assertTrue(rare.thresholdAtFalseMergeRate(0.01, rare.pairPrior()) > common.thresholdAtFalseMergeRate(0.01, common.pairPrior()) + 0.03);
    }

    @Test
    void labelledDifferentPairsAnchorTheImpostorSide() {
        Labelled data = Labelled.draw(5_000, 0.02, 0.05, 0.14, 0.65, 0.12, 4);
        float[] samePhoto = Labelled.draw(2_000, 0, 0.05, 0.14, 0.65, 0.12, 5).scores();
        ScoreMixture fit = ScoreMixture.fit(new PairEvidence(data.scores(), new float[0], samePhoto, new float[0], new float[0], 0));
        assertEquals(0.05, fit.impostorMean(), 0.01);
        assertEquals(0.02, fit.pairPrior(), 0.01);
        // Labelled pairs count as evidence but not into the unlabelled prior.
        assertEquals(100, fit.genuinePairs(), 40);
    }

    @Test
    void posteriorRisesWithTheScore() {
        ScoreMixture fit = new ScoreMixture(0.05, 0.14, 0.65, 0.12, 0.1, Double.NaN, Double.NaN, Double.NaN, 1, 1000, 1);
        double last = -1;
        for (double s = 0; s <= 1; s += 0.05) {
            double p = fit.posteriorGenuine(s, 0.1);
            assertTrue(p >= last, "posterior at " + s);
            last = p;
        }
        double t = fit.thresholdAtPosterior(0.995, 0.1);
        assertTrue(fit.posteriorGenuine(t, 0.1) >= 0.995 && fit.posteriorGenuine(t - 0.002, 0.1) < 0.995);
    }

    @Test
    void noPairsNoFit() {
        assertNull(ScoreMixture.fit(PairEvidence.EMPTY));
        assertNull(ScoreMixture.fit(unlabelled(new float[]{0.5f})));
    }

    @Test
    void upperTailMatchesTheNormalTable() {
        assertEquals(0.5, ScoreMixture.upperTail(0), 1e-7);
        assertEquals(0.158655, ScoreMixture.upperTail(1), 1e-6);
        assertEquals(0.0013499, ScoreMixture.upperTail(3), 1e-7);
        assertEquals(2.8665e-7, ScoreMixture.upperTail(5), 1e-9);
        assertEquals(0.97725, ScoreMixture.upperTail(-2), 1e-5);
    }

    /**
     * Real scores: random pairs of one development set's faces (default models), with their labels.
     * Fitted without the labels, the cut at a 1% false-merge rate must hold that rate on the labels
     * within sampling error, and keep most one-person pairs above it.
     */
    @Test
    void realScoresOfTwoDomainsHoldTheRateWithDifferentCuts() throws IOException {
        Labelled glint = fixture("glint-dev-set-0-pairs.csv");
        Labelled celeba = fixture("celeba-dev-set-0-pairs.csv");
        double glintCut = check(glint);
        double celebaCut = check(celeba);
        // Low-resolution crops have more one-person pairs per set and cut lower than in-the-wild photos.
        assertTrue(glintCut < celebaCut, "glint " + glintCut + ", celeba " + celebaCut);
    }

    private static double check(Labelled data) {
        ScoreMixture fit = ScoreMixture.fit(unlabelled(data.scores()));
        assertTrue(fit.separation() > 2, "separation " + fit.separation());
        double t = fit.thresholdAtFalseMergeRate(0.01, fit.pairPrior());
        assertTrue(data.falseShareAbove(t) <= 0.03, "realised false share above " + t + ": " + data.falseShareAbove(t));
        assertTrue(data.recallAbove(t) >= 0.7, "one-person pairs above " + t + ": " + data.recallAbove(t));
        return t;
    }

    /**
     * Nearest links drawn as the model says: a share {@code w} of faces have their best link to one person
     * (Gaussian), the rest the best of {@code m} impostor cosines. The fit must recover w, and a set of many
     * people with few photos each (low w, many candidates) must cut higher than one of few people.
     */
    @Test
    void theNearestLinkModelRecoversItsShareAndCutsHigherWhenFacesLackPartners() {
        ScoreMixture fewPeople = withNearest(0.1, 0.98, 180, 6);
        ScoreMixture manyPeople = withNearest(0.01, 0.55, 1800, 7);
        assertEquals(0.98, fewPeople.nearestPrior(), 0.03);
        assertEquals(0.55, manyPeople.nearestPrior(), 0.03);
        assertEquals(0.82, manyPeople.nearestMean(), 0.02);
        double few = fewPeople.thresholdAtFalseMergeRate(0.02);
        double many = manyPeople.thresholdAtFalseMergeRate(0.02);
        assertTrue(many > few + 0.05, "many people " + many + ", few " + few);
        // A link above the usual best impostor is sure, one inside their range is not.
        assertTrue(manyPeople.linkPosterior(0.8) > 0.99, "0.8: " + manyPeople.linkPosterior(0.8));
        assertTrue(manyPeople.linkPosterior(0.5) < 0.5, "0.5: " + manyPeople.linkPosterior(0.5));
        assertTrue(manyPeople.linkPosterior(0.1) < 0.01, "0.1: " + manyPeople.linkPosterior(0.1));
    }

    private static ScoreMixture withNearest(double pairPrior, double nearestShare, int candidates, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pairs = Labelled.draw(40_000, pairPrior, 0.02, 0.145, 0.79, 0.07, seed).scores();
        float[] nearest = new float[2_000];
        for (int i = 0; i < nearest.length; i++) {
            if (random.nextDouble() < nearestShare) {
                nearest[i] = (float) (0.82 + 0.07 * gaussian(random));
            } else {
                double best = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < candidates; c++) {
                    best = Math.max(best, 0.02 + 0.145 * gaussian(random));
                }
                nearest[i] = (float) best;
            }
        }
        return ScoreMixture.fit(new PairEvidence(pairs, nearest, new float[0], new float[0], new float[0], candidates));
    }

    private static Labelled fixture(String name) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ScoreMixtureTest.class.getResourceAsStream("/calibration/" + name), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#") || line.startsWith("cosine")) {
                    continue;
                }
                String[] f = line.split(",");
                rows.add(new float[]{Float.parseFloat(f[0]), Float.parseFloat(f[1])});
            }
        }
        float[] scores = new float[rows.size()];
        boolean[] same = new boolean[rows.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = rows.get(i)[0];
            same[i] = rows.get(i)[1] == 1f;
        }
        return new Labelled(scores, same);
    }
}

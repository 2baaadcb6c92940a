package io.faceengine.pipeline.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationScoresTest {

    @Test
    void thresholdSitsMidwayInTheLowestGapWithTheBestAccuracy() {
        // Sorted: 0.1- 0.2- | 0.7+ 0.75- | 0.8+ 0.9+ ; cutting at 0.45 or at 0.775 both get 5 of 6 right.
        VerificationScores scores = new VerificationScores(new double[]{0.9, 0.8, 0.7}, new double[]{0.1, 0.2, 0.75});
        assertEquals(0.45, scores.bestThreshold(), 1e-12);
        assertEquals(5.0 / 6, scores.accuracyAt(0.45), 1e-12);
        assertEquals(5.0 / 6, scores.accuracyAt(0.775), 1e-12);
        assertEquals(4.0 / 6, scores.accuracyAt(0.85), 1e-12);
    }

    @Test
    void separableScoresAreAllRight() {
        VerificationScores scores = new VerificationScores(new double[]{0.6, 0.9}, new double[]{0.3, 0.5});
        assertEquals(0.55, scores.bestThreshold(), 1e-12);
        assertEquals(1.0, scores.accuracyAt(scores.bestThreshold()));
    }

    @Test
    void equalScoresCannotBeToldApart() {
        VerificationScores scores = new VerificationScores(new double[]{1, 1}, new double[]{1, 1});
        assertEquals(0.5, scores.accuracyAt(scores.bestThreshold()));
    }

    @Test
    void trueAcceptRateAtOnePercentAllowsOneFalseAcceptInAHundred() {
        double[] negatives = new double[100];
        for (int k = 0; k < negatives.length; k++) {
            negatives[k] = k / 100.0;
        }
        // The threshold lands just above 0.98: 0.99 is the one negative accepted.
        VerificationScores scores = new VerificationScores(new double[]{0.5, 0.985, 0.99, 0.995}, negatives);
        assertEquals(0.75, scores.trueAcceptRateAt(1e-2).getAsDouble(), 1e-12);
        assertEquals(0.25, scores.trueAcceptRateAt(0).getAsDouble(), 1e-12, "no false accept: only 0.995 passes");
        assertTrue(new VerificationScores(new double[]{0.5}, new double[0]).trueAcceptRateAt(1e-2).isEmpty());
    }

    @Test
    void accuracyWeighsSameAndDifferentPairsEquallyHoweverManyOfEach() {
        // One same pair among 99 different ones: calling everything different is right on 99%
        // of pairs but only half right in the balanced sense; the cut below 0.9 gets all right.
        double[] negatives = new double[99];
        java.util.Arrays.fill(negatives, 0.2);
        VerificationScores scores = new VerificationScores(new double[]{0.9}, negatives);
        assertEquals(0.5, scores.accuracyAt(0.95), 1e-12);
        assertEquals(0.55, scores.bestThreshold(), 1e-12);
        assertEquals(1.0, scores.accuracyAt(0.55), 1e-12);
    }

    @Test
    void noPairsIsAnError() {
        assertThrows(IllegalStateException.class, () -> new VerificationScores(new double[0], new double[0]).bestThreshold());
    }
}

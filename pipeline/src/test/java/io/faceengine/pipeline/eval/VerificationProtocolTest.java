package io.faceengine.pipeline.eval;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationProtocolTest {

    @Test
    void perfectlySeparableScoresGiveFullAccuracy() {
        int n = 40;
        double[] scores = new double[n];
        boolean[] same = new boolean[n];
        int[] folds = new int[n];
        for (int i = 0; i < n; i++) {
            same[i] = i % 2 == 0;
            scores[i] = same[i] ? 0.6 + i * 0.005 : 0.1 + i * 0.005;
            folds[i] = 1 + i % 4;
        }

        VerificationReport report = VerificationProtocol.evaluate(scores, same, folds);

        assertEquals(1.0, report.meanAccuracy(), 1e-12);
        assertEquals(0.0, report.stdAccuracy(), 1e-12);
        assertEquals(4, report.foldAccuracy().size());
        assertEquals(n, report.pairs());
        assertEquals(n / 2, report.samePairs());
        assertEquals(n / 2, report.differentPairs());
        assertEquals(0, report.pairsWithoutFace());
    }

    @Test
    void eachFoldIsScoredWithTheThresholdOfTheOtherFolds() {
        // Fold 1 separates at ~0.65, fold 2 at ~0.225: each fold's own best threshold would score 1.0
        // and a pooled threshold 0.75, but the protocol must apply the other fold's threshold: 0.5 each.
        double[] scores = {0.9, 0.8, 0.5, 0.45, 0.4, 0.35, 0.1, 0.05};
        boolean[] same = {true, true, false, false, true, true, false, false};
        int[] folds = {1, 1, 1, 1, 2, 2, 2, 2};

        VerificationReport report = VerificationProtocol.evaluate(scores, same, folds);

        assertEquals(0.225, report.foldThreshold().get(1), 1e-9);
        assertEquals(0.65, report.foldThreshold().get(2), 1e-9);
        assertEquals(0.5, report.foldAccuracy().get(1), 1e-12);
        assertEquals(0.5, report.foldAccuracy().get(2), 1e-12);
        assertEquals(0.5, report.meanAccuracy(), 1e-12);
    }

    @Test
    void missingScoresCountAsDifferent() {
        double nan = Double.NaN;
        double[] scores = {0.9, 0.2, nan, 0.8, 0.1, nan, 0.85, 0.15, 0.95, 0.05};
        boolean[] same = {true, false, false, true, false, true, true, false, true, false};
        int[] folds = {1, 1, 1, 1, 1, 2, 2, 2, 2, 2};

        VerificationReport report = VerificationProtocol.evaluate(scores, same, folds);

        // Fold 1: the unscored "different" pair is right; fold 2: the unscored "same" pair is wrong.
        assertEquals(1.0, report.foldAccuracy().get(1), 1e-12);
        assertEquals(0.8, report.foldAccuracy().get(2), 1e-12);
        assertEquals(2, report.pairsWithoutFace());
        assertTrue(Double.isFinite(report.foldThreshold().get(1)) && Double.isFinite(report.foldThreshold().get(2)));
    }

    @Test
    void tarAtFarNeedsEnoughDifferentPairs() {
        // 20 different pairs: FAR 1e-3 and 1e-2 would need 1000 and 100 of them.
        double[] negatives = IntStream.range(0, 20).mapToDouble(i -> i / 100.0).toArray();
        double[] positives = {0.1, 0.175, 0.185, 0.5};
        double[] scores = new double[24];
        boolean[] same = new boolean[24];
        System.arraycopy(negatives, 0, scores, 0, 20);
        System.arraycopy(positives, 0, scores, 20, 4);
        for (int i = 20; i < 24; i++) {
            same[i] = true;
        }

        assertTrue(Double.isNaN(VerificationProtocol.tarAtFar(scores, same, 1e-3)));
        assertTrue(Double.isNaN(VerificationProtocol.tarAtFar(scores, same, 1e-2)));
        // FAR 0.1 allows 2 of 20 negatives above the threshold, i.e. accept above the 3rd highest (0.17).
        assertEquals(0.75, VerificationProtocol.tarAtFar(scores, same, 0.1), 1e-12);

        int[] folds = IntStream.range(0, 24).map(i -> 1 + i % 2).toArray();
        VerificationReport report = VerificationProtocol.evaluate(scores, same, folds);
        // Not measurable: absent, with the reason, never a NaN (JSON would carry it as the string "NaN").
        assertEquals(java.util.Set.of("0.1"), report.tarAtFar().keySet());
        assertEquals(0.75, report.tarAtFar().get("0.1"), 1e-12);
        assertEquals("needs at least 1000 different-person pairs, there are 20", report.tarAtFarUnmeasured().get("0.001"));
        assertEquals("needs at least 100 different-person pairs, there are 20", report.tarAtFarUnmeasured().get("0.01"));
    }

    @Test
    void refusesMismatchedInputsAndASingleFold() {
        assertThrows(IllegalArgumentException.class,
                () -> VerificationProtocol.evaluate(new double[]{0.5}, new boolean[]{true, false}, new int[]{1}));
        assertThrows(IllegalArgumentException.class,
                () -> VerificationProtocol.evaluate(new double[]{0.5, 0.1}, new boolean[]{true, false}, new int[]{3, 3}));
    }
}

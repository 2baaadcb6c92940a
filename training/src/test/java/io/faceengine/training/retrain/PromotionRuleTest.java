package io.faceengine.training.retrain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionRuleTest {
    private static final int MIN = 50;

    @Test
    void aHigherTrueAcceptRateWithoutLosingAccuracyPromotes() {
        assertTrue(PromotionRule.promotes(result(0.97, 0.90), result(0.97, 0.85), MIN));
        assertTrue(PromotionRule.promotes(result(0.98, 0.90), result(0.97, 0.85), MIN));
    }

    @Test
    void losingAccuracyOrOnlyTyingKeepsTheCurrentModel() {
        assertFalse(PromotionRule.promotes(result(0.96, 0.90), result(0.97, 0.85), MIN), "accuracy fell");
        assertFalse(PromotionRule.promotes(result(0.99, 0.85), result(0.97, 0.85), MIN), "same true accept rate");
        assertFalse(PromotionRule.promotes(result(0.99, 0.80), result(0.97, 0.85), MIN));
    }

    @Test
    void theDecisionIsExplainedWithBothFigures() {
        String text = PromotionRule.explain(result(0.97, 0.90), result(0.97, 0.85), Optional.of(2), MIN);
        assertTrue(text.startsWith("promoted: validation TAR at FAR 1e-03 0.9000 against 0.8500, accuracy 0.9700 against 0.9700 of v2"),
                text);
    }

    @Test
    void tooFewSamePersonPairsKeepTheCurrentModelWhateverTheFigures() {
        VerificationResult better = new VerificationResult(0.4, 0.99, 100, 4000, 0.99, 1e-3, 0.99, 13, 3000, 120, 76);
        assertFalse(PromotionRule.promotes(better, result(0.90, 0.80), MIN));
        assertTrue(PromotionRule.promotes(better, result(0.90, 0.80), 13), "13 pairs are enough when 13 are required");
        String text = PromotionRule.explain(better, result(0.90, 0.80), Optional.empty(), MIN);
        assertTrue(text.startsWith("not promoted: only 13 same-person validation pairs, fewer than the 50 required"), text);
    }

    private static VerificationResult result(double accuracy, double tar) {
        return new VerificationResult(0.4, accuracy, 100, 4000, accuracy, 1e-3, tar, 80, 3000, 120, 100);
    }
}

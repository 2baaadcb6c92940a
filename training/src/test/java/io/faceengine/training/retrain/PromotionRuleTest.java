package io.faceengine.training.retrain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromotionRuleTest {

    @Test
    void aHigherTrueAcceptRateWithoutLosingAccuracyPromotes() {
        assertTrue(PromotionRule.promotes(result(0.97, 0.90), result(0.97, 0.85)));
        assertTrue(PromotionRule.promotes(result(0.98, 0.90), result(0.97, 0.85)));
    }

    @Test
    void losingAccuracyOrOnlyTyingKeepsTheCurrentModel() {
        assertFalse(PromotionRule.promotes(result(0.96, 0.90), result(0.97, 0.85)), "accuracy fell");
        assertFalse(PromotionRule.promotes(result(0.99, 0.85), result(0.97, 0.85)), "same true accept rate");
        assertFalse(PromotionRule.promotes(result(0.99, 0.80), result(0.97, 0.85)));
    }

    @Test
    void theDecisionIsExplainedWithBothFigures() {
        String text = PromotionRule.explain(result(0.97, 0.90), result(0.97, 0.85), Optional.of(2));
        assertTrue(text.startsWith("promoted: validation TAR at FAR 1e-03 0.9000 against 0.8500, accuracy 0.9700 against 0.9700 of v2"),
                text);
    }

    private static VerificationResult result(double accuracy, double tar) {
        return new VerificationResult(0.4, accuracy, 100, 4000, accuracy, 1e-3, tar, 80, 3000, 120, 100);
    }
}

package io.faceengine.training.retrain;

import java.util.Locale;
import java.util.Optional;

/**
 * A candidate replaces the current model only when it accepts strictly more of the validation's
 * same-person pairs at the low false accept rate ({@link VerificationEvaluation#FAR}), without
 * losing balanced accuracy; a tie keeps the model that is already in use.
 */
public final class PromotionRule {
    private PromotionRule() {
    }

    public static boolean promotes(VerificationResult candidate, VerificationResult current) {
        return tar(candidate) > tar(current) && candidate.accuracy() >= current.accuracy();
    }

    static String explain(VerificationResult candidate, VerificationResult current, Optional<Integer> currentVersion) {
        String currentName = currentVersion.map(v -> "v" + v).orElse("the backbone alone");
        return String.format(Locale.ROOT, "%s: validation TAR at FAR %.0e %.4f against %.4f, accuracy %.4f against %.4f of %s",
                promotes(candidate, current) ? "promoted" : "not promoted", candidate.far(), tar(candidate), tar(current),
                candidate.accuracy(), current.accuracy(), currentName);
    }

    private static double tar(VerificationResult result) {
        return result.tarAtFar() == null ? Double.NEGATIVE_INFINITY : result.tarAtFar();
    }
}

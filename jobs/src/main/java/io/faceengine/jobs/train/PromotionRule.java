package io.faceengine.jobs.train;

import java.util.Locale;
import java.util.Optional;

/**
 * A candidate replaces the current model only when it verifies the validation pairs strictly more
 * accurately; a tie keeps the model that is already in use.
 */
public final class PromotionRule {
    private PromotionRule() {
    }

    public static boolean promotes(VerificationResult candidate, VerificationResult current) {
        return candidate.accuracy() > current.accuracy();
    }

    static String explain(VerificationResult candidate, VerificationResult current, Optional<Integer> currentVersion) {
        String currentName = currentVersion.map(v -> "v" + v).orElse("the backbone alone");
        return String.format(Locale.ROOT, "%s: validation accuracy %.4f against %.4f of %s",
                promotes(candidate, current) ? "promoted" : "not promoted", candidate.accuracy(), current.accuracy(), currentName);
    }
}

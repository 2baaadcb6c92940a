package io.faceengine.training.retrain;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A candidate replaces the current model only when it accepts strictly more of the validation's
 * same-person pairs at the low false accept rate ({@link VerificationEvaluation#FAR}), without
 * losing balanced accuracy, judged on at least {@link PairSampling#minSamePairs()} same-person
 * pairs; a tie, or too little evidence, keeps the model that is already in use.
 */
public final class PromotionRule {
    private PromotionRule() {
    }

    /** What the rule decided and the figures it decided on (both null when the manifest had nothing to judge by). */
    record Judgement(VerificationResult candidate, VerificationResult current, boolean promoted, String decision) {
    }

    /**
     * Judges a candidate against the current model on one evaluation; each model is only
     * evaluated (and built, for a network) when the evaluation has pairs to judge by.
     */
    static Judgement judge(VerificationEvaluation evaluation, Supplier<VerificationResult> candidate,
                           Supplier<VerificationResult> current, Optional<Integer> currentVersion, int minSamePairs) {
        if (!evaluation.possible()) {
            return new Judgement(null, null, false,
                    "not promoted: the manifest has no same and different pairs in both train and val splits to judge by");
        }
        VerificationResult candidateResult = candidate.get();
        VerificationResult currentResult = current.get();
        return new Judgement(candidateResult, currentResult, promotes(candidateResult, currentResult, minSamePairs),
                explain(candidateResult, currentResult, currentVersion, minSamePairs));
    }

    public static boolean promotes(VerificationResult candidate, VerificationResult current, int minSamePairs) {
        return enoughEvidence(candidate, minSamePairs) && tar(candidate) > tar(current)
                && candidate.accuracy() >= current.accuracy();
    }

    private static boolean enoughEvidence(VerificationResult candidate, int minSamePairs) {
        return candidate.positivePairs() >= minSamePairs;
    }

    static String explain(VerificationResult candidate, VerificationResult current, Optional<Integer> currentVersion,
                          int minSamePairs) {
        String currentName = currentVersion.map(v -> "v" + v).orElse("the backbone alone");
        String figures = String.format(Locale.ROOT, "validation TAR at FAR %.0e %.4f against %.4f, accuracy %.4f against %.4f of %s",
                candidate.far(), tar(candidate), tar(current), candidate.accuracy(), current.accuracy(), currentName);
        if (!enoughEvidence(candidate, minSamePairs)) {
            return String.format(Locale.ROOT, "not promoted: only %d same-person validation pairs, fewer than the %d "
                    + "required (training.verification.minSamePairs); %s", candidate.positivePairs(), minSamePairs, figures);
        }
        return (promotes(candidate, current, minSamePairs) ? "promoted: " : "not promoted: ") + figures;
    }

    private static double tar(VerificationResult result) {
        return result.tarAtFar() == null ? Double.NEGATIVE_INFINITY : result.tarAtFar();
    }
}

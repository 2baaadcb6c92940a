package io.faceengine.jobs.train;

/**
 * How one adapter verifies: the threshold chosen on pairs of the train split and what it gives on
 * pairs of the validation split (identities never trained on).
 *
 * @param threshold         cosine at or above which a pair is called the same person
 * @param thresholdAccuracy accuracy at that threshold on the train pairs it was chosen on
 * @param accuracy          accuracy on the validation pairs at that threshold
 * @param tarAtFar1e2       validation true accept rate at a false accept rate of at most 1e-2
 *                          (its own threshold); null without validation pairs of both kinds
 */
public record VerificationResult(double threshold, double thresholdAccuracy, long thresholdPositivePairs,
                                 long thresholdNegativePairs, double accuracy, Double tarAtFar1e2,
                                 long positivePairs, long negativePairs) {
}

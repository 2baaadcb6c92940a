package io.faceengine.training.retrain;

/**
 * How one adapter verifies: the threshold chosen on every pair of the train split's sample and
 * what it gives on every pair of the validation split's (identities never trained on).
 *
 * @param threshold         cosine at or above which a pair is called the same person
 * @param thresholdAccuracy balanced accuracy at that threshold on the train pairs it was chosen on
 * @param accuracy          balanced accuracy on the validation pairs at that threshold
 * @param far               the false accept rate {@code tarAtFar} is taken at
 * @param tarAtFar          validation true accept rate at a false accept rate of at most {@code far}
 *                          (its own threshold); null without validation pairs of both kinds
 * @param trainFaces        faces in the train sample
 * @param valFaces          faces in the validation sample
 */
public record VerificationResult(double threshold, double thresholdAccuracy, long thresholdPositivePairs,
                                 long thresholdNegativePairs, double accuracy, double far, Double tarAtFar,
                                 long positivePairs, long negativePairs, int trainFaces, int valFaces) {
}

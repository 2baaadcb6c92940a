package io.faceengine.pipeline.eval;

import java.util.Map;

/**
 * Verification figures: k-fold accuracy (mean, std, per fold with its threshold) and TAR at FAR.
 *
 * @param tarAtFar           TAR per FAR that the pairs can measure
 * @param tarAtFarUnmeasured per FAR they cannot measure, why (too few different-person pairs, say)
 */
public record VerificationReport(int pairs, int samePairs, int differentPairs, int pairsWithoutFace,
                                 double meanAccuracy, double stdAccuracy, Map<Integer, Double> foldAccuracy,
                                 Map<Integer, Double> foldThreshold, Map<String, Double> tarAtFar,
                                 Map<String, String> tarAtFarUnmeasured) {
}

package io.faceengine.training.retrain;

/**
 * One epoch of training as it went.
 *
 * @param meanLoss          weighted mean CosFace loss over the epoch's samples, each taken at its step
 * @param trainAccuracy     share of samples whose class centre was the nearest (cosine) at their step
 * @param adapterDistance   Frobenius distance of the adapter from the identity after the epoch
 * @param seconds           wall time of the epoch (the only field that differs between equal runs)
 */
public record EpochSummary(int epoch, int steps, long samples, double meanLoss, double trainAccuracy,
                           double adapterDistance, double seconds) {
}

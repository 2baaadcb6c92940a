package io.faceengine.training.finetune;

/**
 * What one epoch did: its mean weighted loss, the share of examples whose own identity's centre
 * was the nearest, and its speed.
 */
public record EpochSummary(int epoch, long steps, double meanLoss, double trainAccuracy, double seconds,
                           double imagesPerSecond) {
}

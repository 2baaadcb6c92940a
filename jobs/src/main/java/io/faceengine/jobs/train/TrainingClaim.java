package io.faceengine.jobs.train;

/**
 * What a version is being trained from: the manifest and every setting that shapes the result.
 * Written when a version folder is started, so a retrain after a crash knows whether the folder's
 * checkpoints are its own.
 */
public record TrainingClaim(int manifestVersion, String manifestRunId, TrainingOptions options, PairSampling pairs) {
}

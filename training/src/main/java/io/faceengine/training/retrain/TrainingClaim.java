package io.faceengine.training.retrain;

/**
 * What a version is being trained from: the manifest and every setting that shapes the result.
 * Written when a version folder is started, so a retrain after a crash knows whether the folder's
 * checkpoints are its own. {@code network} is set when the whole network is trained (the
 * adapter's {@code options} are then not used).
 */
public record TrainingClaim(int manifestVersion, String manifestRunId, TrainingOptions options, PairSampling pairs,
                            TrainingSettings.NetworkSettings network) {
    /** A claim to train the adapter ({@code network} is null). */
    public static TrainingClaim adapter(int manifestVersion, String manifestRunId, TrainingOptions options,
                                        PairSampling pairs) {
        return new TrainingClaim(manifestVersion, manifestRunId, options, pairs, null);
    }
}

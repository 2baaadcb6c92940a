package io.faceengine.clustering.calibration;

/** Where a threshold came from. */
public enum ThresholdSource {
    /** Fitted to the evidence of the set (or, for dedup, of the run's clusters) itself. */
    SET,
    /** The set's own evidence was too thin: fitted to the evidence of all sets of the run, pooled. */
    RUN,
    /** No fit passed the guards (or calibration is off): the configured cosine. */
    CONFIGURED
}

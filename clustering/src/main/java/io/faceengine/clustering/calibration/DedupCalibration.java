package io.faceengine.clustering.calibration;

import io.faceengine.clustering.dedup.DedupOptions;

/**
 * Dedup's thresholds for one run, as centroid cosines, and where they came from.
 *
 * @param fit          the mixture fitted to the run's cluster pairs (used or not)
 * @param source       {@link ThresholdSource#RUN} when fitted, {@link ThresholdSource#CONFIGURED} otherwise
 * @param autoMerge    pairs at or above merge without review: at most dedupMergeRate of them are two people
 * @param review       lower edge of the review band [review, autoMerge): pairs more likely one person than two
 * @param sureMerge    an automatic merge below this (posterior of one person under acceptPrecision) leaves its
 *                     clusters unaccepted until a person answers
 * @param fallback     why the fit was not used, null when it was
 */
public record DedupCalibration(Fit fit, ThresholdSource source, float autoMerge, float review, float sureMerge, String fallback)
        implements java.io.Serializable {

    /** The configured dedup options with the calibrated thresholds. */
    public DedupOptions apply(DedupOptions configured) {
        return new DedupOptions(autoMerge, review, configured.identityMargin(), configured.crossSetOnly());
    }
}

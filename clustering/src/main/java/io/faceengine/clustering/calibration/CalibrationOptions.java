package io.faceengine.clustering.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.config.OptionsReader;

/**
 * Calibration of the run's thresholds from its own pair evidence; every target is a rate or a
 * precision, never a cosine, so the same settings hold on collections whose cosines differ.
 *
 * @param enabled         calibrate; when false the configured cosines are used as they are
 * @param falseMergeRate  intra-set clustering cuts where at most this share of the face pairs above the cut are
 *                        estimated to be two people
 * @param dedupMergeRate  the same bound for cluster pairs that dedup merges without review
 * @param acceptPrecision a cluster is accepted without review only when its estimated label precision reaches this
 * @param minGenuinePairs least estimated same-person pairs a fit needs before its thresholds are trusted
 * @param minSeparation   least distance between the fitted same-person and different-person score means, in
 *                        pooled standard deviations (d'), before the fit is trusted
 * @param maxPairsPerSet  face pairs of one set sampled (deterministically) for the pair evidence; all when fewer
 */
public record CalibrationOptions(boolean enabled, double falseMergeRate, double dedupMergeRate, double acceptPrecision,
                                 int minGenuinePairs, double minSeparation, int maxPairsPerSet)
        implements java.io.Serializable {

    public CalibrationOptions {
        if (!(falseMergeRate > 0 && falseMergeRate < 0.5)) {
            throw new IllegalArgumentException("calibration.falseMergeRate must be in (0, 0.5), got " + falseMergeRate);
        }
        if (!(dedupMergeRate > 0 && dedupMergeRate < 0.5)) {
            throw new IllegalArgumentException("calibration.dedupMergeRate must be in (0, 0.5), got " + dedupMergeRate);
        }
        if (!(acceptPrecision > 0.5 && acceptPrecision < 1)) {
            throw new IllegalArgumentException("calibration.acceptPrecision must be in (0.5, 1), got " + acceptPrecision);
        }
        if (minGenuinePairs < 1) {
            throw new IllegalArgumentException("calibration.minGenuinePairs must be positive, got " + minGenuinePairs);
        }
        if (!(minSeparation > 0)) {
            throw new IllegalArgumentException("calibration.minSeparation must be positive, got " + minSeparation);
        }
        if (maxPairsPerSet < 1000) {
            throw new IllegalArgumentException("calibration.maxPairsPerSet must be at least 1000, got " + maxPairsPerSet);
        }
    }

    public static CalibrationOptions defaults() {
        return new CalibrationOptions(true, 0.02, 0.01, 0.995, 20, 1.5, 200_000);
    }

    /** Reads the {@code calibration} section; absent keys keep {@link #defaults()}. */
    public static CalibrationOptions fromTree(JsonNode section) {
        return OptionsReader.read(section, defaults(), CalibrationOptions.class, "calibration");
    }
}

package io.faceengine.clustering.calibration;

import java.io.Serializable;

/**
 * The clustering thresholds one set is cut at, and where they came from.
 *
 * @param own        the fit to the set's own evidence (used or not)
 * @param source     whose fit gave the thresholds
 * @param mixture    the mixture the thresholds and the clusters' estimated precision come from; null when configured
 * @param threshold  cosine where clustering cuts: at most falseMergeRate of the pairs above it are two people
 * @param reviewFrom lower edge of the review band [reviewFrom, threshold): pairs more likely one person than two
 * @param fallback   why the set's own fit was not used, null when it was
 */
public record SetCalibration(String setId, Fit own, ThresholdSource source, ScoreMixture mixture, float threshold,
                             float reviewFrom, String fallback) implements Serializable {

    public boolean calibrated() {
        return mixture != null;
    }

    /**
     * Probability that a link of cosine {@code s} inside a cluster joins one person (NaN when not calibrated). The
     * links holding a cluster are graph links, nearest neighbours, so the nearest-link model applies.
     */
    public double linkPosterior(double s) {
        return mixture == null ? Double.NaN : mixture.linkPosterior(s);
    }
}

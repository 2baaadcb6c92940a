package io.faceengine.clustering.calibration;

import java.io.Serializable;

/**
 * A mixture fitted to some evidence and whether it may be trusted: a fit is used only with at least
 * {@link CalibrationOptions#minGenuinePairs()} estimated one-person pairs and at least
 * {@link CalibrationOptions#minSeparation()} between the components.
 *
 * @param mixture the fit, null when there was nothing to fit
 * @param problem why the fit is not used, null when it is
 */
public record Fit(EvidenceCounts counts, ScoreMixture mixture, String problem) implements Serializable {

    public static Fit of(PairEvidence evidence, CalibrationOptions options) {
        EvidenceCounts counts = EvidenceCounts.of(evidence);
        ScoreMixture mixture = ScoreMixture.fit(evidence);
        String problem;
        if (mixture == null) {
            problem = "fewer than 2 pairs";
        } else if (mixture.genuinePairs() < options.minGenuinePairs()) {
            problem = String.format(java.util.Locale.ROOT, "%.1f estimated same-person pairs, fewer than minGenuinePairs %d",
                    mixture.genuinePairs(), options.minGenuinePairs());
        } else if (!(mixture.separation() >= options.minSeparation())) {
            problem = String.format(java.util.Locale.ROOT, "separation %.2f below minSeparation %.2f",
                    mixture.separation(), options.minSeparation());
        } else {
            problem = null;
        }
        return new Fit(counts, mixture, problem);
    }

    public boolean usable() {
        return problem == null;
    }
}

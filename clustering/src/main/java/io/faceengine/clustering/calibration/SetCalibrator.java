package io.faceengine.clustering.calibration;

import java.util.Map;
import java.util.TreeMap;

/**
 * Chooses each set's clustering threshold from its evidence: the set's own fit when it passes the
 * guards, else the fit to all sets' evidence pooled, else the configured cosine, saying which and why.
 */
public final class SetCalibrator {
    private final CalibrationOptions options;
    private final float configuredThreshold;

    public SetCalibrator(CalibrationOptions options, float configuredThreshold) {
        this.options = options;
        this.configuredThreshold = configuredThreshold;
    }

    /** @return the pooled fit and, per set id (sorted), its calibration */
    public Result calibrate(Map<String, PairEvidence> evidenceOfSet) {
        PairEvidence pooled = PairEvidence.EMPTY;
        for (PairEvidence evidence : new TreeMap<>(evidenceOfSet).values()) {
            pooled = pooled.plus(evidence);
        }
        Fit run = Fit.of(pooled, options);
        Map<String, SetCalibration> sets = new TreeMap<>();
        for (Map.Entry<String, PairEvidence> entry : new TreeMap<>(evidenceOfSet).entrySet()) {
            sets.put(entry.getKey(), calibrate(entry.getKey(), Fit.of(entry.getValue(), options), run));
        }
        return new Result(run, sets);
    }

    private SetCalibration calibrate(String setId, Fit own, Fit run) {
        String ownProblem = own.usable() ? thresholdProblem(own.mixture()) : own.problem();
        if (ownProblem == null) {
            return choose(setId, own, ThresholdSource.SET, own.mixture(), null);
        }
        String runProblem = run.usable() ? thresholdProblem(run.mixture()) : run.problem();
        if (runProblem == null) {
            return choose(setId, own, ThresholdSource.RUN, run.mixture(), "set: " + ownProblem);
        }
        return new SetCalibration(setId, own, ThresholdSource.CONFIGURED, null, configuredThreshold, configuredThreshold,
                "set: " + ownProblem + "; run: " + runProblem);
    }

    private SetCalibration choose(String setId, Fit own, ThresholdSource source, ScoreMixture mixture, String fallback) {
        float threshold = (float) mixture.thresholdAtFalseMergeRate(options.falseMergeRate());
        float reviewFrom = (float) Math.min(threshold, mixture.thresholdAtFalseMergeRate(
                Math.min(0.5, DedupCalibrator.REVIEW_RATE_FACTOR * options.falseMergeRate())));
        return new SetCalibration(setId, own, source, mixture, threshold, reviewFrom, fallback);
    }

    private String thresholdProblem(ScoreMixture mixture) {
        double t = mixture.thresholdAtFalseMergeRate(options.falseMergeRate());
        return Double.isNaN(t) ? "no cosine up to 1 reaches falseMergeRate " + options.falseMergeRate() : null;
    }

    /** The pooled fit of the run and each set's calibration. */
    public record Result(Fit run, Map<String, SetCalibration> sets) {
    }
}

package io.faceengine.clustering.calibration;

import java.io.Serializable;
import java.util.Map;

/**
 * What intra-set clustering needs of the run's calibration, shipped to the tasks: each set's
 * calibration and the precision a cluster must reach to be accepted without review.
 */
public record SetCalibrations(Map<String, SetCalibration> sets, double acceptPrecision) implements Serializable {
    public static final SetCalibrations NONE = new SetCalibrations(Map.of(), 1);

    public SetCalibrations {
        sets = Map.copyOf(sets);
    }

    /** The set's calibration, or null when the run did not calibrate it. */
    public SetCalibration of(String setId) {
        return sets.get(setId);
    }
}

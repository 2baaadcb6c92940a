package io.faceengine.quality;

import java.io.Serializable;

/**
 * Equal-width bins over [min, max]; the last bin includes max. Values outside are counted as
 * below or above, so a badly chosen range shows up in the statistics instead of vanishing.
 * NaN, a metric that does not apply to the face, is counted apart as not applicable.
 */
public record HistogramBins(double min, double max, int bins) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The bin {@link #binOf} gives NaN. */
    public static final int NOT_APPLICABLE = -2;

    public HistogramBins {
        if (!(Double.isFinite(min) && Double.isFinite(max) && max > min)) {
            throw new IllegalArgumentException("histogram range must be finite with max > min, got [" + min + ", " + max + "]");
        }
        if (bins < 1 || bins > 10_000) {
            throw new IllegalArgumentException("histogram bins must be 1..10000, got " + bins);
        }
    }

    public double width() {
        return (max - min) / bins;
    }

    /**
     * The bin of a value: -1 below min, {@code bins} above max, {@link #NOT_APPLICABLE} for NaN,
     * else 0..bins-1. The statistics compute the same thing as a Spark expression; this is its reference.
     */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            return NOT_APPLICABLE;
        }
        if (value < min) {
            return -1;
        }
        if (!(value <= max)) {
            return bins;
        }
        return (int) Math.min(bins - 1, Math.floor((value - min) / width()));
    }
}

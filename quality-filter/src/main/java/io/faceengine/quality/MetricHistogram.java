package io.faceengine.quality;

import java.util.Arrays;

/**
 * Counts of one metric over a run: {@code counts[i]} covers [min + i·binWidth, min + (i+1)·binWidth),
 * the last bin also includes max; {@code below} and {@code above} count values outside [min, max];
 * {@code notApplicable} counts faces the metric does not apply to (given crops have no detector
 * score, box or landmark pose), which are in no bin.
 */
public record MetricHistogram(double min, double max, double binWidth, long[] counts, long below, long above,
                              long notApplicable) {

    public MetricHistogram {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    public long total() {
        return below + above + notApplicable + Arrays.stream(counts).sum();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricHistogram h && Double.compare(min, h.min) == 0 && Double.compare(max, h.max) == 0
                && Double.compare(binWidth, h.binWidth) == 0 && Arrays.equals(counts, h.counts) && below == h.below
                && above == h.above && notApplicable == h.notApplicable;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(counts) + Long.hashCode(below) + 7 * Long.hashCode(above) + 13 * Long.hashCode(notApplicable)
                + Double.hashCode(min);
    }

    @Override
    public String toString() {
        return "MetricHistogram[min=" + min + ", max=" + max + ", binWidth=" + binWidth + ", counts="
                + Arrays.toString(counts) + ", below=" + below + ", above=" + above
                + ", notApplicable=" + notApplicable + "]";
    }
}

package io.faceengine.quality;

import java.io.Serializable;
import java.util.Objects;

/** The bins of each metric's histogram (section {@code quality.histograms}); one key per metric, all required. */
public record QualityHistograms(HistogramBins detScore, HistogramBins interOcular, HistogramBins boxHeight,
                                HistogramBins blur, HistogramBins brightness, HistogramBins clippedFraction,
                                HistogramBins yaw, HistogramBins pitch, HistogramBins roll) implements Serializable {
    private static final long serialVersionUID = 1L;

    public QualityHistograms {
        Objects.requireNonNull(detScore, "quality.histograms.detScore");
        Objects.requireNonNull(interOcular, "quality.histograms.interOcular");
        Objects.requireNonNull(boxHeight, "quality.histograms.boxHeight");
        Objects.requireNonNull(blur, "quality.histograms.blur");
        Objects.requireNonNull(brightness, "quality.histograms.brightness");
        Objects.requireNonNull(clippedFraction, "quality.histograms.clippedFraction");
        Objects.requireNonNull(yaw, "quality.histograms.yaw");
        Objects.requireNonNull(pitch, "quality.histograms.pitch");
        Objects.requireNonNull(roll, "quality.histograms.roll");
    }
}

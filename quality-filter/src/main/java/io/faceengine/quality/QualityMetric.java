package io.faceengine.quality;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The fields of the {@code quality} struct, in column order: one place that ties a column name
 * to its {@link QualityMetrics} component and its histogram bins.
 */
public enum QualityMetric {
    DET_SCORE("det_score", QualityMetrics::detScore, QualityHistograms::detScore),
    INTER_OCULAR("inter_ocular", QualityMetrics::interOcular, QualityHistograms::interOcular),
    BOX_HEIGHT("box_height", QualityMetrics::boxHeight, QualityHistograms::boxHeight),
    BLUR("blur", QualityMetrics::blur, QualityHistograms::blur),
    BRIGHTNESS("brightness", QualityMetrics::brightness, QualityHistograms::brightness),
    CLIPPED_FRACTION("clipped_fraction", QualityMetrics::clippedFraction, QualityHistograms::clippedFraction),
    YAW("yaw", QualityMetrics::yaw, QualityHistograms::yaw),
    PITCH("pitch", QualityMetrics::pitch, QualityHistograms::pitch),
    ROLL("roll", QualityMetrics::roll, QualityHistograms::roll);

    private final String field;
    private final ToDoubleFunction<QualityMetrics> value;
    private final Function<QualityHistograms, HistogramBins> bins;

    QualityMetric(String field, ToDoubleFunction<QualityMetrics> value, Function<QualityHistograms, HistogramBins> bins) {
        this.field = field;
        this.value = value;
        this.bins = bins;
    }

    /** Field name inside the {@code quality} struct. */
    public String field() {
        return field;
    }

    public float of(QualityMetrics metrics) {
        return (float) value.applyAsDouble(metrics);
    }

    public HistogramBins bins(QualityHistograms histograms) {
        return bins.apply(histograms);
    }
}

package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The fields of the {@code quality} struct, in column order: one place that ties a column name
 * to its {@link QualityMetrics} component, its histogram bins and the faces it applies to.
 * Metrics taken from the detector's output (its score, box and landmarks) do not apply to a crop
 * handed in already aligned: it has no detection, only the template's landmarks.
 */
public enum QualityMetric {
    DET_SCORE("det_score", QualityMetrics::detScore, QualityHistograms::detScore, true),
    INTER_OCULAR("inter_ocular", QualityMetrics::interOcular, QualityHistograms::interOcular, true),
    BOX_HEIGHT("box_height", QualityMetrics::boxHeight, QualityHistograms::boxHeight, true),
    BLUR("blur", QualityMetrics::blur, QualityHistograms::blur, false),
    BRIGHTNESS("brightness", QualityMetrics::brightness, QualityHistograms::brightness, false),
    CLIPPED_FRACTION("clipped_fraction", QualityMetrics::clippedFraction, QualityHistograms::clippedFraction, false),
    YAW("yaw", QualityMetrics::yaw, QualityHistograms::yaw, true),
    PITCH("pitch", QualityMetrics::pitch, QualityHistograms::pitch, true),
    ROLL("roll", QualityMetrics::roll, QualityHistograms::roll, true);

    private final String field;
    private final ToDoubleFunction<QualityMetrics> value;
    private final Function<QualityHistograms, HistogramBins> bins;
    private final boolean fromDetection;

    QualityMetric(String field, ToDoubleFunction<QualityMetrics> value, Function<QualityHistograms, HistogramBins> bins,
                  boolean fromDetection) {
        this.field = field;
        this.value = value;
        this.bins = bins;
        this.fromDetection = fromDetection;
    }

    /** Whether faces of this origin have this metric; for the others it is NaN and no check uses it. */
    public boolean appliesTo(FaceOrigin origin) {
        return origin == FaceOrigin.DETECTED || !fromDetection;
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

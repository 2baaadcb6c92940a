package io.faceengine.quality;

import java.util.Optional;

/** Why a face failed the quality policy. The names are the codes stored in {@code quality_reasons}. */
public enum QualityReason {
    LOW_DET_SCORE(QualityMetric.DET_SCORE),
    SMALL_FACE(QualityMetric.INTER_OCULAR),
    BLURRY(QualityMetric.BLUR),
    TOO_DARK(QualityMetric.BRIGHTNESS),
    TOO_BRIGHT(QualityMetric.BRIGHTNESS),
    CLIPPED(QualityMetric.CLIPPED_FRACTION),
    POSE_YAW(QualityMetric.YAW),
    POSE_PITCH(QualityMetric.PITCH),
    POSE_ROLL(QualityMetric.ROLL),
    /** Set by the embedding stage: the embedder's raw output norm is low, typical of non-faces and bad crops. */
    LOW_EMBEDDING_NORM(null);

    private final QualityMetric metric;

    QualityReason(QualityMetric metric) {
        this.metric = metric;
    }

    /** The {@code quality} field this reason judges; empty for the embedding norm, which is not one. */
    public Optional<QualityMetric> metric() {
        return Optional.ofNullable(metric);
    }
}

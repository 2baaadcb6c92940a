package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thresholds a face must meet to be used (section {@code quality.policy} of the configuration).
 * A value exactly at its threshold passes. Angles are absolute degrees, see {@link HeadPose}.
 *
 * <p>Comparisons are written as "fails unless within bounds", so a NaN metric fails instead of
 * slipping through every check. The one exception is a metric that does not apply to the face's
 * origin ({@link QualityMetric#appliesTo}): a given crop is not judged by detector score, face
 * size or landmark pose, which it does not have.
 */
public record QualityPolicy(double minDetScore, double minInterOcular, double minBlur, double minBrightness,
                            double maxBrightness, double maxClippedFraction, double maxAbsYaw, double maxAbsPitch,
                            double maxAbsRoll, double minEmbeddingNorm) implements Serializable {
    private static final long serialVersionUID = 1L;

    public QualityPolicy {
        requireIn("minDetScore", minDetScore, 0, 1);
        requireIn("minInterOcular", minInterOcular, 0, Double.MAX_VALUE);
        requireIn("minBlur", minBlur, 0, Double.MAX_VALUE);
        requireIn("minBrightness", minBrightness, 0, 255);
        requireIn("maxBrightness", maxBrightness, minBrightness, 255);
        requireIn("maxClippedFraction", maxClippedFraction, 0, 1);
        requireIn("maxAbsYaw", maxAbsYaw, 0, 180);
        requireIn("maxAbsPitch", maxAbsPitch, 0, 180);
        requireIn("maxAbsRoll", maxAbsRoll, 0, 180);
        requireIn("minEmbeddingNorm", minEmbeddingNorm, 0, Double.MAX_VALUE);
    }

    /** The codes of every failed check of a detected face, in {@link QualityReason} order; empty = it passes. */
    public List<String> reasons(QualityMetrics m) {
        return reasons(m, FaceOrigin.DETECTED);
    }

    /** The codes of every failed check that applies to faces of this origin, in {@link QualityReason} order. */
    public List<String> reasons(QualityMetrics m, FaceOrigin origin) {
        List<String> reasons = new ArrayList<>(2);
        for (QualityReason reason : QualityReason.values()) {
            if (reason.metric().isPresent() && reason.metric().get().appliesTo(origin) && !passes(reason, m)) {
                reasons.add(reason.name());
            }
        }
        return List.copyOf(reasons);
    }

    private boolean passes(QualityReason reason, QualityMetrics m) {
        return switch (reason) {
            case LOW_DET_SCORE -> m.detScore() >= minDetScore;
            case SMALL_FACE -> m.interOcular() >= minInterOcular;
            case BLURRY -> m.blur() >= minBlur;
            case TOO_DARK -> m.brightness() >= minBrightness;
            case TOO_BRIGHT -> m.brightness() <= maxBrightness;
            case CLIPPED -> m.clippedFraction() <= maxClippedFraction;
            case POSE_YAW -> Math.abs(m.yaw()) <= maxAbsYaw;
            case POSE_PITCH -> Math.abs(m.pitch()) <= maxAbsPitch;
            case POSE_ROLL -> Math.abs(m.roll()) <= maxAbsRoll;
            case LOW_EMBEDDING_NORM -> throw new IllegalArgumentException("the embedding norm is judged after embedding");
        };
    }

    /**
     * The embedding check, separate because the norm exists only after the embedding stage ran
     * (which appends the code to {@code quality_reasons} and clears {@code quality_pass}).
     *
     * @param rawNorm the embedder's output norm before L2 normalisation
     */
    public Optional<String> embeddingNormReason(float rawNorm) {
        return rawNorm >= minEmbeddingNorm ? Optional.empty() : Optional.of(QualityReason.LOW_EMBEDDING_NORM.name());
    }

    private static void requireIn(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("quality.policy." + name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}

package io.faceengine.quality;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Thresholds a face must meet to be used (section {@code quality.policy} of the configuration).
 * A value exactly at its threshold passes. Angles are absolute degrees, see {@link HeadPose}.
 *
 * <p>Comparisons are written as "fails unless within bounds", so a NaN metric fails instead of
 * slipping through every check.
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

    /** The codes of every failed check, in {@link QualityReason} order; empty = the face passes. */
    public List<String> reasons(QualityMetrics m) {
        List<String> reasons = new ArrayList<>(2);
        addUnless(reasons, m.detScore() >= minDetScore, QualityReason.LOW_DET_SCORE);
        addUnless(reasons, m.interOcular() >= minInterOcular, QualityReason.SMALL_FACE);
        addUnless(reasons, m.blur() >= minBlur, QualityReason.BLURRY);
        addUnless(reasons, m.brightness() >= minBrightness, QualityReason.TOO_DARK);
        addUnless(reasons, m.brightness() <= maxBrightness, QualityReason.TOO_BRIGHT);
        addUnless(reasons, m.clippedFraction() <= maxClippedFraction, QualityReason.CLIPPED);
        addUnless(reasons, Math.abs(m.yaw()) <= maxAbsYaw, QualityReason.POSE_YAW);
        addUnless(reasons, Math.abs(m.pitch()) <= maxAbsPitch, QualityReason.POSE_PITCH);
        addUnless(reasons, Math.abs(m.roll()) <= maxAbsRoll, QualityReason.POSE_ROLL);
        return List.copyOf(reasons);
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

    private static void addUnless(List<String> reasons, boolean ok, QualityReason reason) {
        if (!ok) {
            reasons.add(reason.name());
        }
    }

    private static void requireIn(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("quality.policy." + name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}

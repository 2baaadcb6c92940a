package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityPolicyTest {
    // Thresholds exactly representable as float, so "at the threshold" is exact.
    private static final QualityPolicy POLICY = new QualityPolicy(0.75, 20, 25, 40, 220, 0.25, 45, 30, 35, 40);
    private static final QualityMetrics GOOD = new QualityMetrics(0.99f, 40f, 120f, 200f, 128f, 0.01f, 5f, -3f, 2f);

    @Test
    void aGoodFacePasses() {
        assertEquals(List.of(), POLICY.reasons(GOOD));
    }

    @Test
    void eachLowerBoundFailsJustBelowAndPassesAtIt() {
        checkLowerBound(0.75f, "LOW_DET_SCORE", v -> with(GOOD, 0, v));
        checkLowerBound(20f, "SMALL_FACE", v -> with(GOOD, 1, v));
        checkLowerBound(25f, "BLURRY", v -> with(GOOD, 3, v));
        checkLowerBound(40f, "TOO_DARK", v -> with(GOOD, 4, v));
    }

    @Test
    void eachUpperBoundFailsJustAboveAndPassesAtIt() {
        checkUpperBound(220f, "TOO_BRIGHT", v -> with(GOOD, 4, v));
        checkUpperBound(0.25f, "CLIPPED", v -> with(GOOD, 5, v));
        for (float sign : new float[]{1, -1}) {
            checkUpperBound(45f, "POSE_YAW", v -> with(GOOD, 6, sign * v));
            checkUpperBound(30f, "POSE_PITCH", v -> with(GOOD, 7, sign * v));
            checkUpperBound(35f, "POSE_ROLL", v -> with(GOOD, 8, sign * v));
        }
    }

    @Test
    void boxHeightIsReportedButNotJudged() {
        assertEquals(List.of(), POLICY.reasons(with(GOOD, 2, 1f)));
    }

    @Test
    void severalFailuresAreAllReportedInReasonOrder() {
        QualityMetrics bad = new QualityMetrics(0.5f, 5f, 10f, 1f, 250f, 0.9f, -80f, 60f, 90f);
        assertEquals(List.of("LOW_DET_SCORE", "SMALL_FACE", "BLURRY", "TOO_BRIGHT", "CLIPPED", "POSE_YAW", "POSE_PITCH",
                "POSE_ROLL"), POLICY.reasons(bad));
    }

    @Test
    void aGivenCropIsJudgedOnlyOnBlurExposureAndClipping() {
        float na = Float.NaN;
        QualityMetrics given = new QualityMetrics(na, na, na, 200f, 128f, 0.01f, na, na, na);
        assertEquals(List.of(), POLICY.reasons(given, FaceOrigin.GIVEN_CROP), "no detector score, size or pose to fail on");
        assertEquals(List.of("LOW_DET_SCORE", "SMALL_FACE", "POSE_YAW", "POSE_PITCH", "POSE_ROLL"), POLICY.reasons(given),
                "the same NaNs fail a detected face");
        assertEquals(List.of("BLURRY", "TOO_BRIGHT", "CLIPPED"),
                POLICY.reasons(new QualityMetrics(na, na, na, 10f, 230f, 0.5f, na, na, na), FaceOrigin.GIVEN_CROP));
        assertEquals(List.of("BLURRY"), POLICY.reasons(with(given, 3, na), FaceOrigin.GIVEN_CROP),
                "a metric that applies still fails when NaN");
        // A detected face's low score still matters when judged as detected.
        assertEquals(List.of("LOW_DET_SCORE"), POLICY.reasons(with(GOOD, 0, 0.1f), FaceOrigin.DETECTED));
    }

    @Test
    void notANumberFailsItsCheck() {
        for (int i : new int[]{0, 1, 3, 5, 6, 7, 8}) {
            assertEquals(1, POLICY.reasons(with(GOOD, i, Float.NaN)).size(), "metric " + i);
        }
        assertEquals(List.of("TOO_DARK", "TOO_BRIGHT"), POLICY.reasons(with(GOOD, 4, Float.NaN)));
    }

    @Test
    void embeddingNormFailsJustBelowItsThreshold() {
        assertEquals(Optional.empty(), POLICY.embeddingNormReason(40f));
        assertEquals(Optional.empty(), POLICY.embeddingNormReason(75f));
        assertEquals(Optional.of("LOW_EMBEDDING_NORM"), POLICY.embeddingNormReason(Math.nextDown(40f)));
        assertEquals(Optional.of("LOW_EMBEDDING_NORM"), POLICY.embeddingNormReason(Float.NaN));
    }

    @Test
    void inconsistentThresholdsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QualityPolicy(0.9, 16, 25, 200, 100, 0.25, 55, 45, 40, 40));
        assertTrue(e.getMessage().contains("maxBrightness"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QualityPolicy(1.5, 16, 25, 40, 220, 0.25, 55, 45, 40, 40));
        assertTrue(e.getMessage().contains("minDetScore"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new QualityPolicy(0.9, 16, 25, 40, 220, 0.25, -1, 45, 40, 40));
        assertTrue(e.getMessage().contains("maxAbsYaw"), e.getMessage());
    }

    private static void checkLowerBound(float threshold, String reason, Function<Float, QualityMetrics> at) {
        assertEquals(List.of(), POLICY.reasons(at.apply(threshold)), reason + " at its threshold");
        assertEquals(List.of(reason), POLICY.reasons(at.apply(Math.nextDown(threshold))), reason + " just below");
    }

    private static void checkUpperBound(float threshold, String reason, Function<Float, QualityMetrics> at) {
        assertEquals(List.of(), POLICY.reasons(at.apply(threshold)), reason + " at its threshold");
        assertEquals(List.of(reason), POLICY.reasons(at.apply(Math.nextUp(threshold))), reason + " just above");
    }

    /** {@code m} with component {@code index} (record order) replaced. */
    private static QualityMetrics with(QualityMetrics m, int index, float v) {
        float[] c = {m.detScore(), m.interOcular(), m.boxHeight(), m.blur(), m.brightness(), m.clippedFraction(), m.yaw(),
                m.pitch(), m.roll()};
        c[index] = v;
        return new QualityMetrics(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    }
}

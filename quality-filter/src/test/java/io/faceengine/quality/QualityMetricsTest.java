package io.faceengine.quality;

import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityMetricsTest {
    private static final int SIZE = 112;
    private static final Landmarks5 FRONTAL = new Landmarks5(AlignmentTemplate.standard112().x(),
            AlignmentTemplate.standard112().y());

    @Test
    void sizeAndDetectionPassThrough() {
        float[] x = {100, 160, 130, 108, 152};
        float[] y = {200, 200, 230, 260, 260};
        QualityMetrics m = QualityMetrics.measure(uniform(128), 0.93f, 141f, new Landmarks5(x, y));
        assertEquals(0.93f, m.detScore());
        assertEquals(60f, m.interOcular(), 1e-4);
        assertEquals(141f, m.boxHeight());
    }

    @Test
    void aGivenCropHasOnlyTheMetricsItsPixelsShow() {
        RgbImage crop = LfwFaces.boxBlur(uniform(90), 1);
        QualityMetrics given = QualityMetrics.measureGivenCrop(crop);
        QualityMetrics detected = QualityMetrics.measure(crop, 0.99f, 112f, FRONTAL);
        for (QualityMetric metric : QualityMetric.values()) {
            if (metric.appliesTo(FaceOrigin.GIVEN_CROP)) {
                assertEquals(metric.of(detected), metric.of(given), metric.field());
            } else {
                assertTrue(Float.isNaN(metric.of(given)), metric.field() + " does not apply: NaN, not 0");
            }
        }
        assertEquals(FaceOrigin.GIVEN_CROP, given.origin());
        assertEquals(FaceOrigin.DETECTED, detected.origin());
    }

    @Test
    void uniformCropIsFlatAndUnclipped() {
        QualityMetrics m = QualityMetrics.measure(uniform(128), 1f, 100f, FRONTAL);
        assertEquals(0, m.blur(), 1e-3);
        assertEquals(128, m.brightness(), 0.01);
        assertEquals(0, m.clippedFraction());
    }

    @Test
    void blackAndWhiteCropsAreFullyClipped() {
        QualityMetrics black = QualityMetrics.measure(uniform(0), 1f, 100f, FRONTAL);
        QualityMetrics white = QualityMetrics.measure(uniform(255), 1f, 100f, FRONTAL);
        assertEquals(0, black.brightness(), 0.01);
        assertEquals(1, black.clippedFraction());
        assertEquals(255, white.brightness(), 0.01);
        assertEquals(1, white.clippedFraction());
    }

    @Test
    void halfClippedRegionCountsHalf() {
        // Left half of the crop black, right half mid grey: the face region is split at x = 56.
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int yy = 0; yy < SIZE; yy++) {
            for (int xx = SIZE / 2; xx < SIZE; xx++) {
                int at = (yy * SIZE + xx) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 128;
            }
        }
        QualityMetrics m = QualityMetrics.measure(new RgbImage(SIZE, SIZE, rgb), 1f, 100f, FRONTAL);
        assertEquals(0.5, m.clippedFraction(), 0.02);
        assertEquals(64, m.brightness(), 2);
    }

    @Test
    void sharpTextureScoresAboveItsBlurredCopies() {
        RgbImage sharp = noise(7);
        float previous = QualityMetrics.measure(sharp, 1f, 100f, FRONTAL).blur();
        for (int radius = 1; radius <= 4; radius++) {
            float blurred = QualityMetrics.measure(LfwFaces.boxBlur(sharp, radius), 1f, 100f, FRONTAL).blur();
            assertTrue(blurred < previous, "radius " + radius + ": " + blurred + " should be below " + previous);
            previous = blurred;
        }
    }

    @Test
    void onlyTheInnerFaceRegionCounts() {
        // Noise in the margins only: background texture must not make a flat face look sharp.
        RgbImage noisy = noise(11);
        byte[] rgb = noisy.rgb().clone();
        FaceRegion region = FaceRegion.of(SIZE, SIZE);
        for (int yy = region.y0() - 1; yy <= region.y1(); yy++) {
            for (int xx = region.x0() - 1; xx <= region.x1(); xx++) {
                int at = (yy * SIZE + xx) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = (byte) 100;
            }
        }
        QualityMetrics m = QualityMetrics.measure(new RgbImage(SIZE, SIZE, rgb), 1f, 100f, FRONTAL);
        assertEquals(0, m.blur(), 1e-3);
        assertEquals(100, m.brightness(), 0.01);
    }

    @Test
    void laplacianVarianceOfACheckerboardIsKnown() {
        // Alternating 0/255 pixels: every Laplacian is ±4·255 = ±1020, mean 0, variance 1020².
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int yy = 0; yy < SIZE; yy++) {
            for (int xx = 0; xx < SIZE; xx++) {
                byte v = (byte) (((xx + yy) & 1) == 0 ? 255 : 0);
                int at = (yy * SIZE + xx) * 3;
                rgb[at] = rgb[at + 1] = rgb[at + 2] = v;
            }
        }
        QualityMetrics m = QualityMetrics.measure(new RgbImage(SIZE, SIZE, rgb), 1f, 100f, FRONTAL);
        assertEquals(1020.0 * 1020.0, m.blur(), 1020.0 * 1020.0 * 1e-3);
    }

    @Test
    void poseComesFromTheLandmarks() {
        QualityMetrics m = QualityMetrics.measure(uniform(128), 1f, 100f, FRONTAL);
        HeadPose pose = HeadPose.fromLandmarks(FRONTAL);
        assertEquals(pose.yaw(), m.yaw());
        assertEquals(pose.pitch(), m.pitch());
        assertEquals(pose.roll(), m.roll());
    }

    private static RgbImage uniform(int value) {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        java.util.Arrays.fill(rgb, (byte) value);
        return new RgbImage(SIZE, SIZE, rgb);
    }

    private static RgbImage noise(long seed) {
        Random random = new Random(seed);
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int i = 0; i < SIZE * SIZE; i++) {
            byte v = (byte) (40 + random.nextInt(176));
            rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = v;
        }
        return new RgbImage(SIZE, SIZE, rgb);
    }
}

package io.faceengine.clustering.calibration;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetCalibratorTest {
    private static final CalibrationOptions OPTIONS = new CalibrationOptions(true, 0.01, 0.01, 0.995, 20, 2.0, 200_000);
    private static final float CONFIGURED = 0.61f;

    private static PairEvidence draw(int pairs, double prior, double m0, double m1, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] scores = new float[pairs];
        for (int i = 0; i < pairs; i++) {
            double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            scores[i] = (float) (random.nextDouble() < prior ? m1 + 0.12 * z : m0 + 0.14 * z);
        }
        return new PairEvidence(scores, new float[0], new float[0], new float[0], new float[0], 0);
    }

    @Test
    void aSetWithEnoughEvidenceIsCutAtItsOwnThreshold() {
        SetCalibrator.Result result = new SetCalibrator(OPTIONS, CONFIGURED).calibrate(Map.of(
                "crops", draw(20_000, 0.1, 0.05, 0.65, 1),
                "photos", draw(20_000, 0.02, 0.02, 0.72, 2)));
        SetCalibration crops = result.sets().get("crops");
        SetCalibration photos = result.sets().get("photos");
        assertEquals(ThresholdSource.SET, crops.source());
        assertNull(crops.fallback());
        assertEquals(ThresholdSource.SET, photos.source());
        assertTrue(crops.threshold() < photos.threshold(), crops.threshold() + " vs " + photos.threshold());
        assertTrue(crops.reviewFrom() <= crops.threshold());
        assertTrue(crops.calibrated());
        assertTrue(result.run().usable());
    }

    @Test
    void aThinSetBorrowsThePooledFitAndSaysWhy() {
        SetCalibration thin = new SetCalibrator(OPTIONS, CONFIGURED).calibrate(Map.of(
                "big", draw(20_000, 0.1, 0.05, 0.65, 3),
                "thin", draw(40, 0.1, 0.05, 0.65, 4))).sets().get("thin");
        assertEquals(ThresholdSource.RUN, thin.source());
        assertNotNull(thin.fallback());
        assertTrue(thin.fallback().contains("minGenuinePairs"), thin.fallback());
        assertTrue(thin.calibrated());
    }

    @Test
    void withoutUsableEvidenceTheConfiguredThresholdIsUsedAndSaid() {
        // Only one component: no separation between one person and two people.
        SetCalibration flat = new SetCalibrator(OPTIONS, CONFIGURED).calibrate(Map.of(
                "flat", draw(5_000, 0, 0.3, 0.3, 5))).sets().get("flat");
        assertEquals(ThresholdSource.CONFIGURED, flat.source());
        assertEquals(CONFIGURED, flat.threshold());
        assertTrue(flat.fallback().contains("run:"), flat.fallback());
        assertTrue(!flat.calibrated());
        assertTrue(Double.isNaN(flat.linkPosterior(0.9)));
    }
}

package io.faceengine.pipeline.detect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pyramid needs no nets, so the detector is built without models. */
class MtcnnPyramidScalesTest {

    private static List<Double> scales(MtcnnOptions options, int width, int height) {
        return new MtcnnDetector(null, null, null, options).pyramidScales(width, height);
    }

    @Test
    void firstScaleMapsTheSmallestFaceOntoPnetsWindow() {
        assertEquals(12.0 / 20, scales(MtcnnOptions.defaults(), 250, 250).get(0), 1e-12);
        assertEquals(12.0 / 40, scales(MtcnnOptions.defaults().withMinFaceSize(40), 250, 250).get(0), 1e-12);
    }

    @Test
    void levelsShrinkByTheScaleFactorUntilTheShortSideReachesTheWindow() {
        for (MtcnnOptions options : List.of(MtcnnOptions.defaults(),
                new MtcnnOptions(12, 0.5f, 0.6f, 0.7f, 0.7f, 16), new MtcnnOptions(48, 0.8f, 0.6f, 0.7f, 0.7f, 16))) {
            // Wide and tall images: the short side decides where the pyramid stops.
            for (int[] size : new int[][]{{500, 375}, {360, 480}, {250, 250}, {1000, 60}}) {
                List<Double> s = scales(options, size[0], size[1]);
                String what = options + " on " + size[0] + "x" + size[1];
                assertTrue(s.size() >= 1, what);
                for (int i = 1; i < s.size(); i++) {
                    assertEquals(options.scaleFactor(), s.get(i) / s.get(i - 1), 1e-6, what);
                }
                int shortSide = Math.min(size[0], size[1]);
                double last = s.get(s.size() - 1);
                assertTrue(shortSide * last >= 12, what + ": last level's short side " + shortSide * last);
                assertTrue(shortSide * last * options.scaleFactor() < 12, what + ": pyramid stopped early");
            }
        }
    }

    @Test
    void imageSmallerThanTheSmallestFaceHasNoLevels() {
        assertEquals(List.of(), scales(MtcnnOptions.defaults(), 15, 300));
    }
}

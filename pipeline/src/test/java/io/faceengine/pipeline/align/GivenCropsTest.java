package io.faceengine.pipeline.align;

import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GivenCropsTest {
    private static final AlignmentTemplate TEMPLATE = AlignmentTemplate.standard112();
    private static final GivenCrops CROPS = new GivenCrops(TEMPLATE);

    @Test
    void takesSquareEnoughImagesOfAtLeastHalfTheTemplate() {
        assertTrue(GivenCrops.rejection(112, 112).isEmpty());
        assertTrue(GivenCrops.rejection(56, 56).isEmpty(), "half the template is the smallest accepted");
        assertTrue(GivenCrops.rejection(110, 100).isEmpty(), "exactly 10% off square is still a crop");
        assertTrue(GivenCrops.rejection(100, 110).isEmpty());
        assertTrue(GivenCrops.rejection(1000, 1000).isEmpty(), "a large crop is shrunk, not refused");
    }

    @Test
    void refusesImagesMoreThanTenPercentOffSquareOrUnder56Pixels() {
        assertTrue(GivenCrops.rejection(111, 100).orElseThrow().contains("off square"));
        assertTrue(GivenCrops.rejection(100, 111).orElseThrow().contains("off square"));
        assertTrue(GivenCrops.rejection(250, 180).isPresent(), "an ordinary photo is not a crop");
        assertTrue(GivenCrops.rejection(55, 55).orElseThrow().contains("smaller than 56"));
        assertTrue(GivenCrops.rejection(112, 55).isPresent());
        assertThrows(IllegalArgumentException.class, () -> CROPS.face(250, 180));
        assertThrows(IllegalArgumentException.class, () -> CROPS.crop(new RgbImage(40, 40, new byte[40 * 40 * 3])));
    }

    @Test
    void theFaceIsTheWholeImageWithTheTemplateLandmarksAndNoDetectorScore() {
        DetectedFace face = CROPS.face(112, 112);
        assertEquals(0, face.box().x1());
        assertEquals(0, face.box().y1());
        assertEquals(112, face.box().x2());
        assertEquals(112, face.box().y2());
        assertTrue(Float.isNaN(face.score()), "nothing detected it: no made-up confidence");
        for (int p = 0; p < 5; p++) {
            assertEquals(TEMPLATE.x()[p], face.landmarks().x(p));
            assertEquals(TEMPLATE.y()[p], face.landmarks().y(p));
        }
        // Landmarks are in the image's own pixels: a 224 crop has them twice as far out.
        DetectedFace large = CROPS.face(224, 212);
        assertEquals(224, large.box().x2());
        assertEquals(212, large.box().y2());
        for (int p = 0; p < 5; p++) {
            assertEquals(TEMPLATE.x()[p] * 2, large.landmarks().x(p), 1e-4);
            assertEquals(TEMPLATE.y()[p] * 212 / 112, large.landmarks().y(p), 1e-4);
        }
    }

    @Test
    void aTemplateSizedCropIsKeptAndOtherSizesAreResizedToIt() {
        RgbImage crop = TestData.decode(TestData.require("glint-dev/images/Barack_Obama/0.png"));
        assertEquals(112, crop.width());
        assertSame(crop, CROPS.crop(crop), "an aligned 112x112 crop is used as it is");

        RgbImage doubled = ImageResampler.resizeToRgb(crop, 224, 224);
        RgbImage back = CROPS.crop(doubled);
        assertEquals(112, back.width());
        assertEquals(112, back.height());
        assertTrue(meanAbsoluteDifference(crop, back) < 3, "enlarged and shrunk back, the crop is nearly unchanged: "
                + meanAbsoluteDifference(crop, back));

        RgbImage slightlyWide = ImageResampler.resizeToRgb(crop, 120, 112);
        RgbImage squared = CROPS.crop(slightlyWide);
        assertEquals(112, squared.width());
        assertEquals(112, squared.height());
        assertFalse(meanAbsoluteDifference(crop, squared) > 10, "stretched back to square, still the same face");
    }

    private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
        }
        return (double) sum / a.rgb().length;
    }
}

package io.faceengine.training.bench;

import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainDegradationTest {

    @Test
    void aPhotoIsShrunkToTheFaceSizeTurnedGreyAndTheSameEveryTime() {
        RgbImage photo = TestData.decode(TestData.lfwImage("Al_Gore", 1));
        double faceWidth = 100;
        byte[] once = DomainDegradation.degrade(photo, faceWidth, "images/Al_Gore/Al_Gore_0001.jpg");
        byte[] again = DomainDegradation.degrade(photo, faceWidth, "images/Al_Gore/Al_Gore_0001.jpg");
        assertArrayEquals(once, again);
        RgbImage small = CropCodec.decode(once);
        double factor = (double) small.width() / photo.width();
        double face = faceWidth * factor;
        assertTrue(face >= DomainDegradation.MIN_FACE_PIXELS - 1 && face <= DomainDegradation.MAX_FACE_PIXELS + 1,
                "face of " + face + " px");
        assertEquals(Math.round(photo.height() * factor), small.height(), 1);
        for (int y = 0; y < small.height(); y += 7) {
            for (int x = 0; x < small.width(); x += 7) {
                int r = small.sample(x, y, 0);
                assertTrue(Math.abs(r - small.sample(x, y, 1)) <= 3 && Math.abs(r - small.sample(x, y, 2)) <= 3,
                        "not grey at " + x + "," + y);
            }
        }
    }
}

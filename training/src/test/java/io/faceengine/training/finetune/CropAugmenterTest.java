package io.faceengine.training.finetune;

import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CropAugmenterTest {
    private static RgbImage noise(int size) {
        byte[] rgb = new byte[size * size * 3];
        new Random(3).nextBytes(rgb);
        return new RgbImage(size, size, rgb);
    }

    @Test
    void sameSeedEpochAndExampleGiveTheSamePixels() {
        CropAugmenter augmenter = new CropAugmenter(AugmentationOptions.defaults(), 112, 112);
        RgbImage crop = noise(112);
        assertArrayEquals(augmenter.augment(crop, 7, 3, 11), augmenter.augment(crop, 7, 3, 11));
        boolean differs = false;
        for (int epoch = 1; epoch <= 5 && !differs; epoch++) {
            differs = !java.util.Arrays.equals(augmenter.augment(crop, 7, epoch, 11), augmenter.augment(crop, 7, 3, 11));
        }
        assertTrue(differs, "other epochs must draw other augmentations");
    }

    @Test
    void withoutAugmentationTheCropIsOnlyResized() {
        CropAugmenter augmenter = new CropAugmenter(AugmentationOptions.none(), 112, 112);
        RgbImage crop = noise(112);
        assertArrayEquals(ImageResampler.resize(crop, 112, 112), augmenter.augment(crop, 1, 1, 1));
    }

    @Test
    void greyAlwaysGivesEqualChannelsAndValuesStayInRange() {
        AugmentationOptions greyOnly = new AugmentationOptions(0.5, 0.08, 0.2, 1.0, 0.5, 20, 0.5, 0.5);
        CropAugmenter augmenter = new CropAugmenter(greyOnly, 112, 112);
        for (int example = 0; example < 10; example++) {
            float[] pixels = augmenter.augment(noise(112), 5, 1, example);
            assertEquals(112 * 112 * 3, pixels.length);
            for (int i = 0; i < pixels.length; i += 3) {
                assertTrue(Math.abs(pixels[i] - pixels[i + 1]) < 1.5f && Math.abs(pixels[i] - pixels[i + 2]) < 1.5f,
                        "channels differ at " + i);
                assertTrue(pixels[i] >= -0.5f && pixels[i] <= 255.5f, "out of range: " + pixels[i]);
            }
        }
    }

    @Test
    void mixSeparatesNeighbouringStreams() {
        assertFalse(CropAugmenter.mix(1, 1, 2) == CropAugmenter.mix(1, 2, 1));
        assertFalse(CropAugmenter.mix(1, 0, 0) == CropAugmenter.mix(2, 0, 0));
    }
}

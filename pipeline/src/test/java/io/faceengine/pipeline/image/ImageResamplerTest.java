package io.faceengine.pipeline.image;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageResamplerTest {
    private static final float EPS = 1e-3f;

    @Test
    void resizeToTheSameSizeReturnsTheSamePixels() {
        byte[] rgb = new byte[7 * 5 * 3];
        new Random(5).nextBytes(rgb);

        float[] out = ImageResampler.resize(new RgbImage(7, 5, rgb), 7, 5);

        for (int i = 0; i < rgb.length; i++) {
            assertEquals(rgb[i] & 0xFF, out[i], 0f, "value " + i);
        }
    }

    @Test
    void constantImageStaysConstantWhenShrinking() {
        // 17x13 -> 5x4: the ratios are not whole numbers, so output pixels straddle source pixels.
        assertConstant(ImageResampler.resize(constant(17, 13, 40, 90, 200), 5, 4), 40, 90, 200);
        assertConstant(ImageResampler.resize(constant(250, 250, 40, 90, 200), 150, 150), 40, 90, 200);
    }

    @Test
    void constantImageStaysConstantWhenEnlarging() {
        // Includes the border pixels: an edge must not fade towards black inside the image.
        assertConstant(ImageResampler.resize(constant(5, 4, 40, 90, 200), 17, 13), 40, 90, 200);
        assertConstant(ImageResampler.resize(constant(20, 20, 40, 90, 200), 48, 48), 40, 90, 200);
    }

    @Test
    void constantCropInsideTheImageStaysConstant() {
        // The R-/O-Net case: a small box inside the image, enlarged to the net's input size.
        RgbImage image = constant(100, 80, 17, 130, 250);
        assertConstant(ImageResampler.crop(image, 30, 20, 15, 15, 24, 24), 17, 130, 250);
        assertConstant(ImageResampler.crop(image, 30.5, 20.25, 60, 50, 48, 48), 17, 130, 250);
    }

    @Test
    void cropOutsideTheImageIsBlack() {
        RgbImage image = constant(30, 20, 255, 255, 255);
        assertConstant(ImageResampler.crop(image, -50, -40, 20, 20, 8, 8), 0, 0, 0);
        assertConstant(ImageResampler.crop(image, 40, 5, 10, 10, 24, 24), 0, 0, 0);
    }

    @Test
    void cropHalfOutsideTheImageIsBlackOnlyOutside() {
        RgbImage image = constant(30, 20, 100, 100, 100);
        // Columns -10..9 at scale 1: the first ten are outside the image.
        float[] out = ImageResampler.crop(image, -10, 0, 20, 20, 20, 20);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(x < 10 ? 0 : 100, out[(y * 20 + x) * 3], EPS, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void shrinkingAveragesTheCoveredPixels() {
        // 2x2 checkerboard of black and white -> one mid-grey pixel.
        byte w = (byte) 255;
        RgbImage checker = new RgbImage(2, 2, new byte[]{0, 0, 0, w, w, w, w, w, w, 0, 0, 0});
        assertConstant(ImageResampler.resize(checker, 1, 1), 127.5f, 127.5f, 127.5f);

        // 4x2 -> 2x1: each output is the mean of its own 2x2 block.
        RgbImage blocks = new RgbImage(4, 2, new byte[]{
                10, 0, 0, 20, 0, 0, 100, 0, 0, 100, 0, 0,
                30, 0, 0, 40, 0, 0, 100, 0, 0, (byte) 200, 0, 0});
        float[] out = ImageResampler.resize(blocks, 2, 1);
        assertEquals(25f, out[0], EPS);
        assertEquals(125f, out[3], EPS);
    }

    private static RgbImage constant(int width, int height, int r, int g, int b) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            rgb[i * 3] = (byte) r;
            rgb[i * 3 + 1] = (byte) g;
            rgb[i * 3 + 2] = (byte) b;
        }
        return new RgbImage(width, height, rgb);
    }

    private static void assertConstant(float[] out, float r, float g, float b) {
        float[] expected = {r, g, b};
        for (int i = 0; i < out.length; i++) {
            if (Math.abs(out[i] - expected[i % 3]) > EPS) {
                throw new AssertionError("pixel " + i / 3 + " channel " + i % 3 + " is " + out[i] + ", expected "
                        + expected[i % 3] + " (first values " + Arrays.toString(Arrays.copyOf(out, 9)) + ")");
            }
        }
    }
}

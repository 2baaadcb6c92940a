package io.faceengine.pipeline.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageTensorEncoderTest {
    private static final int W = 3;
    private static final int H = 2;

    /** Pixel (x, y) channel c holds 100c + 10y + x, so every value says where it came from. */
    private static float[] image(float offset) {
        float[] rgb = new float[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    rgb[(y * W + x) * 3 + c] = offset + 100 * c + 10 * y + x;
                }
            }
        }
        return rgb;
    }

    private static ImageTensorEncoder encoder(TensorLayout layout, String order, List<Float> mean, List<Float> std) {
        return new ImageTensorEncoder(new ModelDescriptor("m", "m.onnx", null, null, layout, null, null, order, mean,
                std, null, null));
    }

    @Test
    void nhwcKeepsInterleavedRowMajorPixels() {
        FloatTensor t = encoder(TensorLayout.NHWC, "RGB", null, null).encode(List.of(image(0), image(1)), W, H);
        assertArrayEquals(new long[]{2, H, W, 3}, t.shape());
        for (int b = 0; b < 2; b++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(b + 100 * c + 10 * y + x, t.data()[((b * H + y) * W + x) * 3 + c], 0f);
                    }
                }
            }
        }
    }

    @Test
    void nchwPutsEachChannelInItsOwnPlane() {
        FloatTensor t = encoder(TensorLayout.NCHW, "RGB", null, null).encode(List.of(image(0), image(1)), W, H);
        assertArrayEquals(new long[]{2, 3, H, W}, t.shape());
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        assertEquals(b + 100 * c + 10 * y + x, t.data()[((b * 3 + c) * H + y) * W + x], 0f);
                    }
                }
            }
        }
    }

    @Test
    void nwhcTransposesWidthAndHeight() {
        FloatTensor t = encoder(TensorLayout.NWHC, "RGB", null, null).encode(List.of(image(0)), W, H);
        assertArrayEquals(new long[]{1, W, H, 3}, t.shape());
        for (int x = 0; x < W; x++) {
            for (int y = 0; y < H; y++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(100 * c + 10 * y + x, t.data()[(x * H + y) * 3 + c], 0f);
                }
            }
        }
    }

    @Test
    void bgrSwapsChannelsAndNormalisesInModelChannelOrder() {
        // mean/std are given in the model's channel order: index 0 applies to blue here.
        FloatTensor t = encoder(TensorLayout.NHWC, "bgr", List.of(1f, 2f, 3f), List.of(2f, 4f, 8f))
                .encode(List.of(image(0)), W, H);
        float[] mean = {1, 2, 3};
        float[] std = {2, 4, 8};
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                for (int c = 0; c < 3; c++) {
                    float source = 100 * (2 - c) + 10 * y + x;
                    assertEquals((source - mean[c]) / std[c], t.data()[(y * W + x) * 3 + c], 1e-5f);
                }
            }
        }
    }

    @Test
    void wrongImageSizeIsRefused() {
        ImageTensorEncoder encoder = encoder(TensorLayout.NHWC, "RGB", null, null);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(List.of(image(0)), 2, 2));
    }
}

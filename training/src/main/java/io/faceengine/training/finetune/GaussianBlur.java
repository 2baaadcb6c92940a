package io.faceengine.training.finetune;

/** A separable Gaussian blur of an RGB float image (row-major HWC), edges clamped. */
final class GaussianBlur {
    private GaussianBlur() {
    }

    static float[] apply(float[] rgb, int width, int height, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= (float) sum;
        }
        float[] rows = new float[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int xx = Math.min(width - 1, Math.max(0, x + k));
                        acc += kernel[k + radius] * rgb[(y * width + xx) * 3 + c];
                    }
                    rows[(y * width + x) * 3 + c] = acc;
                }
            }
        }
        float[] out = new float[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float acc = 0;
                    for (int k = -radius; k <= radius; k++) {
                        int yy = Math.min(height - 1, Math.max(0, y + k));
                        acc += kernel[k + radius] * rows[(yy * width + x) * 3 + c];
                    }
                    out[(y * width + x) * 3 + c] = acc;
                }
            }
        }
        return out;
    }
}

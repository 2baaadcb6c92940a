package io.faceengine.pipeline.image;

/**
 * Crops a rectangle of an image (it may reach outside the image: those pixels are black) and
 * resizes it. Shrinking averages every source pixel under each output pixel (area filter),
 * which keeps small face crops free of aliasing; enlarging interpolates bilinearly.
 * Output: float RGB 0..255, row-major, interleaved.
 */
public final class ImageResampler {
    private ImageResampler() {
    }

    /** Resizes the whole image. */
    public static float[] resize(RgbImage image, int outWidth, int outHeight) {
        return crop(image, 0, 0, image.width(), image.height(), outWidth, outHeight);
    }

    /** The image mirrored left to right (RGB floats, row-major HWC). */
    public static float[] mirrored(float[] rgb, int width, int height) {
        float[] out = new float[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(rgb, (y * width + x) * 3, out, (y * width + (width - 1 - x)) * 3, 3);
            }
        }
        return out;
    }

    /** Resizes the whole image and rounds back to 8-bit RGB. */
    public static RgbImage resizeToRgb(RgbImage image, int outWidth, int outHeight) {
        float[] values = resize(image, outWidth, outHeight);
        byte[] rgb = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            rgb[i] = (byte) Math.min(255, Math.max(0, Math.round(values[i])));
        }
        return new RgbImage(outWidth, outHeight, rgb);
    }

    /** Resamples the source rectangle [x0, x0+width) x [y0, y0+height) to outWidth x outHeight. */
    public static float[] crop(RgbImage image, double x0, double y0, double width, double height,
                               int outWidth, int outHeight) {
        AxisWeights cols = AxisWeights.of(x0, width, outWidth, image.width());
        AxisWeights rows = AxisWeights.of(y0, height, outHeight, image.height());
        byte[] src = image.rgb();
        int stride = image.width() * 3;
        float[] out = new float[outWidth * outHeight * 3];
        float[] row = new float[outWidth * 3];
        for (int oy = 0; oy < outHeight; oy++) {
            java.util.Arrays.fill(row, 0f);
            for (int r = rows.start[oy]; r < rows.start[oy + 1]; r++) {
                int base = rows.index[r] * stride;
                float wy = rows.weight[r];
                for (int ox = 0; ox < outWidth; ox++) {
                    float acc0 = 0;
                    float acc1 = 0;
                    float acc2 = 0;
                    for (int c = cols.start[ox]; c < cols.start[ox + 1]; c++) {
                        int p = base + cols.index[c] * 3;
                        float wx = cols.weight[c];
                        acc0 += wx * (src[p] & 0xFF);
                        acc1 += wx * (src[p + 1] & 0xFF);
                        acc2 += wx * (src[p + 2] & 0xFF);
                    }
                    row[ox * 3] += wy * acc0;
                    row[ox * 3 + 1] += wy * acc1;
                    row[ox * 3 + 2] += wy * acc2;
                }
            }
            System.arraycopy(row, 0, out, oy * outWidth * 3, outWidth * 3);
        }
        return out;
    }

    /**
     * For one axis: which source pixels feed each output pixel and with what weight
     * (compressed rows: output i uses entries start[i] until start[i+1]). Out-of-image
     * pixels are dropped, which makes them black.
     */
    private static final class AxisWeights {
        final int[] start;
        final int[] index;
        final float[] weight;

        private AxisWeights(int[] start, int[] index, float[] weight) {
            this.start = start;
            this.index = index;
            this.weight = weight;
        }

        static AxisWeights of(double origin, double length, int outSize, int srcSize) {
            double scale = length / outSize;
            int[] start = new int[outSize + 1];
            int capacity = outSize * ((int) Math.ceil(Math.max(scale, 1)) + 2);
            int[] index = new int[capacity];
            float[] weight = new float[capacity];
            int n = 0;
            for (int o = 0; o < outSize; o++) {
                start[o] = n;
                if (scale > 1) {
                    double from = origin + o * scale;
                    double to = from + scale;
                    for (int s = (int) Math.floor(from); s < to; s++) {
                        double cover = Math.min(to, s + 1) - Math.max(from, s);
                        if (cover > 0 && s >= 0 && s < srcSize) {
                            index[n] = s;
                            weight[n++] = (float) (cover / scale);
                        }
                    }
                } else {
                    // Pixel centres align: output centre o+0.5 maps to source origin + (o+0.5)*scale.
                    double centre = origin + (o + 0.5) * scale - 0.5;
                    // A position inside the image (up to its outer pixel edges) takes the nearest edge
                    // pixel instead of blending with the black outside, so enlarging keeps borders intact.
                    if (centre > -0.5 && centre < srcSize - 0.5) {
                        centre = Math.min(Math.max(centre, 0), srcSize - 1);
                    }
                    int left = (int) Math.floor(centre);
                    double frac = centre - left;
                    n = addTap(index, weight, n, left, 1 - frac, srcSize);
                    n = addTap(index, weight, n, left + 1, frac, srcSize);
                }
            }
            start[outSize] = n;
            return new AxisWeights(start, index, weight);
        }

        private static int addTap(int[] index, float[] weight, int n, int s, double w, int srcSize) {
            if (w > 0 && s >= 0 && s < srcSize) {
                index[n] = s;
                weight[n] = (float) w;
                return n + 1;
            }
            return n;
        }
    }
}

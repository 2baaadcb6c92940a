package io.faceengine.pipeline.model;

import java.util.List;

/**
 * Turns same-sized RGB float images (0..255, interleaved) into one batch tensor the way a
 * model's descriptor asks: channel order, (x - mean) / std, and layout.
 */
public final class ImageTensorEncoder {
    private final TensorLayout layout;
    private final boolean bgr;
    private final float[] mean = new float[3];
    private final float[] invStd = new float[3];

    public ImageTensorEncoder(ModelDescriptor descriptor) {
        this.layout = descriptor.layout();
        this.bgr = descriptor.bgr();
        for (int c = 0; c < 3; c++) {
            mean[c] = descriptor.mean().get(c);
            invStd[c] = 1f / descriptor.std().get(c);
        }
    }

    public FloatTensor encode(List<float[]> images, int width, int height) {
        int n = images.size();
        int plane = width * height;
        float[] out = new float[n * plane * 3];
        for (int b = 0; b < n; b++) {
            float[] img = images.get(b);
            if (img.length != plane * 3) {
                throw new IllegalArgumentException("image " + b + " has " + img.length / 3 + " pixels, expected " + plane);
            }
            int base = b * plane * 3;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int src = (y * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        int channel = bgr ? 2 - c : c;
                        float v = (img[src + channel] - mean[c]) * invStd[c];
                        int dst = switch (layout) {
                            case NHWC -> base + src + c;
                            case NWHC -> base + (x * height + y) * 3 + c;
                            case NCHW -> base + c * plane + y * width + x;
                        };
                        out[dst] = v;
                    }
                }
            }
        }
        long[] shape = switch (layout) {
            case NHWC -> new long[]{n, height, width, 3};
            case NWHC -> new long[]{n, width, height, 3};
            case NCHW -> new long[]{n, 3, height, width};
        };
        return new FloatTensor(out, shape);
    }
}

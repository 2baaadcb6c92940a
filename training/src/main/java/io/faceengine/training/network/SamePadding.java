package io.faceengine.training.network;

import ai.djl.ndarray.types.Shape;
import io.faceengine.pipeline.model.tflite.TfliteOptions;

/**
 * TensorFlow's padding for one spatial window over an NCHW input. SAME puts the odd pixel at the
 * bottom and right, which the engine's convolutions (symmetric padding only) cannot express, so
 * such inputs are padded explicitly first.
 */
record SamePadding(long top, long bottom, long left, long right) {

    static SamePadding of(TfliteOptions options, Shape nchw, long kernelH, long kernelW) {
        if (options.padding() == TfliteOptions.Padding.VALID) {
            return new SamePadding(0, 0, 0, 0);
        }
        long totalH = total(nchw.get(2), options.strideH(), kernelH, options.dilationH());
        long totalW = total(nchw.get(3), options.strideW(), kernelW, options.dilationW());
        return new SamePadding(totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2);
    }

    private static long total(long size, int stride, long kernel, int dilation) {
        long out = (size + stride - 1) / stride;
        long effectiveKernel = (kernel - 1) * dilation + 1;
        return Math.max((out - 1) * stride + effectiveKernel - size, 0);
    }

    boolean symmetric() {
        return top == bottom && left == right;
    }

    /** The padding as the engine's pad() takes it: last dimension first, (before, after) pairs. */
    Shape explicit() {
        return new Shape(left, right, top, bottom);
    }
}

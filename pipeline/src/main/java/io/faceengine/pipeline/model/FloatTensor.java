package io.faceengine.pipeline.model;

import java.util.Arrays;

/** A dense float tensor in row-major order: the only value that crosses the model-session boundary. */
public record FloatTensor(float[] data, long[] shape) {

    public FloatTensor {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " values, got " + data.length);
        }
    }

    public int dim(int axis) {
        return Math.toIntExact(shape[axis]);
    }
}

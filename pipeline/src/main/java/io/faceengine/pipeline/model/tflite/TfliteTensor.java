package io.faceengine.pipeline.model.tflite;

import java.nio.ByteBuffer;

/**
 * A tensor of the graph. {@code data} holds the constant's little-endian bytes, or null for
 * activations. {@code shapeSignature} uses -1 for dimensions the file marks as dynamic.
 */
public record TfliteTensor(int index, String name, TfliteTensorType type, int[] shape, int[] shapeSignature,
                           ByteBuffer data) {

    public boolean isConstant() {
        return data != null;
    }

    public float[] floats() {
        requireType(TfliteTensorType.FLOAT32);
        float[] values = new float[data.remaining() / 4];
        data.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public int[] ints() {
        requireType(TfliteTensorType.INT32);
        int[] values = new int[data.remaining() / 4];
        data.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

    private void requireType(TfliteTensorType expected) {
        if (data == null) {
            throw new IllegalStateException("tensor '" + name + "' is not a constant");
        }
        if (type != expected) {
            throw new TfliteFormatException("tensor '" + name + "' is " + type + ", expected " + expected);
        }
    }

    public long elementCount() {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        return count;
    }
}

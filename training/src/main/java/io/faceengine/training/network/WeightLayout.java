package io.faceengine.training.network;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.faceengine.pipeline.model.tflite.TfliteBuiltinOp;

/**
 * How a TFLite constant is laid out for the engine and back. TFLite stores convolution
 * weights OHWI and depthwise weights [1,H,W,C·M]; the engine's kernels want OIHW and
 * (C·M,1,H,W). Everything else keeps the file's shape.
 */
enum WeightLayout {
    CONV_WEIGHT(Parameter.Type.WEIGHT),
    DEPTHWISE_WEIGHT(Parameter.Type.WEIGHT),
    DENSE_WEIGHT(Parameter.Type.WEIGHT),
    BIAS(Parameter.Type.BIAS),
    /** Elementwise constants such as per-channel PReLU slopes. */
    AS_STORED(Parameter.Type.OTHER);

    private final Parameter.Type parameterType;

    WeightLayout(Parameter.Type parameterType) {
        this.parameterType = parameterType;
    }

    Parameter.Type parameterType() {
        return parameterType;
    }

    /** The role of input {@code position} of an operator. */
    static WeightLayout of(TfliteBuiltinOp op, int position) {
        return switch (op) {
            case CONV_2D -> position == 1 ? CONV_WEIGHT : position == 2 ? BIAS : AS_STORED;
            case DEPTHWISE_CONV_2D -> position == 1 ? DEPTHWISE_WEIGHT : position == 2 ? BIAS : AS_STORED;
            case FULLY_CONNECTED -> position == 1 ? DENSE_WEIGHT : position == 2 ? BIAS : AS_STORED;
            default -> AS_STORED;
        };
    }

    NDArray toEngine(NDArray file) {
        return switch (this) {
            case CONV_WEIGHT -> file.transpose(0, 3, 1, 2);
            case DEPTHWISE_WEIGHT -> file.transpose(3, 0, 1, 2);
            default -> file;
        };
    }

    /** A new array in the file's layout (the caller closes it). */
    NDArray toFile(NDArray engine) {
        return switch (this) {
            case CONV_WEIGHT -> engine.transpose(0, 2, 3, 1);
            case DEPTHWISE_WEIGHT -> engine.transpose(1, 2, 3, 0);
            default -> engine.duplicate();
        };
    }
}

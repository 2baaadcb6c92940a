package io.faceengine.pipeline.model.tflite;

/**
 * The builtin options of one operator, flattened: only the fields meaningful for its operator
 * are set, the rest keep the schema defaults.
 */
public record TfliteOptions(Padding padding, int strideW, int strideH, int dilationW, int dilationH,
                            int filterW, int filterH, int depthMultiplier, Activation activation,
                            boolean keepDims, int[] newShape) {

    public enum Padding { SAME, VALID }

    /** Fused activation applied to an operator's output. */
    public enum Activation {
        NONE, RELU, RELU_N1_TO_1, RELU6, TANH;

        static Activation fromCode(int code) {
            return switch (code) {
                case 0 -> NONE;
                case 1 -> RELU;
                case 2 -> RELU_N1_TO_1;
                case 3 -> RELU6;
                case 4 -> TANH;
                default -> throw new TfliteFormatException("fused activation code " + code + " is not supported");
            };
        }
    }

    static TfliteOptions none() {
        return new TfliteOptions(Padding.SAME, 1, 1, 1, 1, 0, 0, 1, Activation.NONE, false, null);
    }
}

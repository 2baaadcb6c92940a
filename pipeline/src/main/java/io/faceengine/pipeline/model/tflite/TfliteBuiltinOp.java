package io.faceengine.pipeline.model.tflite;

import java.util.Arrays;

/**
 * The TFLite builtin operators this project translates (codes from the schema's
 * BuiltinOperator enum). Anything else is refused with its code so a user knows why.
 */
public enum TfliteBuiltinOp {
    ADD(0),
    CONV_2D(3),
    DEPTHWISE_CONV_2D(4),
    FULLY_CONNECTED(9),
    MAX_POOL_2D(17),
    MUL(18),
    RELU(19),
    RESHAPE(22),
    SUB(41),
    DIV(42),
    EXP(47),
    NEG(59),
    SUM(74),
    REDUCE_MAX(82),
    ABS(101);

    private final int code;

    TfliteBuiltinOp(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static TfliteBuiltinOp fromCode(int code) {
        return Arrays.stream(values()).filter(op -> op.code == code).findFirst()
                .orElseThrow(() -> new TfliteFormatException("TFLite builtin operator code " + code
                        + " is not supported; supported: " + Arrays.toString(values())));
    }
}

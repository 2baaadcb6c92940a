package io.faceengine.pipeline.model.tflite;

/** Element types of the schema's TensorType enum that this project reads. */
public enum TfliteTensorType {
    FLOAT32, INT32, OTHER;

    static TfliteTensorType fromCode(int code) {
        return switch (code) {
            case 0 -> FLOAT32;
            case 2 -> INT32;
            default -> OTHER;
        };
    }
}

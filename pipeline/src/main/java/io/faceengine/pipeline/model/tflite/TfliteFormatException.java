package io.faceengine.pipeline.model.tflite;

/** The bytes are not a TFLite model this reader understands; the message says what is wrong. */
public final class TfliteFormatException extends RuntimeException {
    public TfliteFormatException(String message) {
        super(message);
    }
}

package io.faceengine.pipeline.model;

/** The runtime rejected an input or failed while running a graph. */
public final class ModelRunException extends RuntimeException {
    public ModelRunException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.faceengine.pipeline.model;

/** A model file is missing, unreadable or not a graph the runtime accepts; the message says which. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}

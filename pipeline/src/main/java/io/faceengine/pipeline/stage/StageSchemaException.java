package io.faceengine.pipeline.stage;

/** A stage's input lacks a column it reads, or has it with the wrong type. */
public final class StageSchemaException extends IllegalArgumentException {
    public StageSchemaException(String message) {
        super(message);
    }
}

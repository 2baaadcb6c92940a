package io.faceengine.pipeline.stage;

import java.io.Serializable;

/**
 * A place where a test can make a stage fail on purpose, to prove that a killed run restarts
 * cleanly. Production code passes {@link #NONE}.
 */
@FunctionalInterface
public interface FaultPoint extends Serializable {
    FaultPoint NONE = () -> {
    };

    /** Called on the executor at the fault point; throws to simulate a crash. */
    void reached();
}

package io.faceengine.pipeline.model;

/**
 * Knobs of the ONNX Runtime sessions. One session per model per JVM is shared by all threads,
 * so {@code intraOpThreads} is the parallelism one call may use; on an executor with several
 * task slots, 1 is usually right (the slots provide the parallelism).
 */
public record RuntimeOptions(int intraOpThreads) {
    public RuntimeOptions {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = runtime default), got " + intraOpThreads);
        }
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Runtime.getRuntime().availableProcessors());
    }
}

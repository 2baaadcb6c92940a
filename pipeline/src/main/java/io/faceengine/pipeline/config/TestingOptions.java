package io.faceengine.pipeline.config;

import java.util.Map;

/**
 * Test-only switches; both are off by default and must stay off in production runs.
 *
 * @param failOnceInStep name of a run step that fails once per run (after it ran), to exercise restart
 * @param stepClasses    run step name → class of a RunStep to run instead of the job's own
 */
public record TestingOptions(String failOnceInStep, Map<String, String> stepClasses) {
    public TestingOptions {
        failOnceInStep = failOnceInStep == null || failOnceInStep.isBlank() ? null : failOnceInStep;
        stepClasses = stepClasses == null ? Map.of() : Map.copyOf(stepClasses);
    }
}

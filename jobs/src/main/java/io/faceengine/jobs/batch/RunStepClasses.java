package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.RunStep;
import io.faceengine.pipeline.config.TestingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the RunStep a job step names, or the replacement testing.stepClasses names for it. */
final class RunStepClasses {
    private static final Logger LOG = LoggerFactory.getLogger(RunStepClasses.class);

    private RunStepClasses() {
    }

    static RunStep instantiate(String step, String declaredClass, TestingOptions testing) throws ReflectiveOperationException {
        String className = declaredClass;
        String replacement = testing.stepClasses().get(step);
        if (replacement != null) {
            LOG.warn("step {} runs {} instead of {} (testing.stepClasses)", step, replacement, declaredClass);
            className = replacement;
        }
        if (className == null || className.isBlank()) {
            throw new IllegalStateException("job step '" + step + "' names no RunStep (batchlet property runStep)");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Class<?> type = Class.forName(className.trim(), true, loader != null ? loader : RunStepClasses.class.getClassLoader());
        if (!RunStep.class.isAssignableFrom(type)) {
            throw new IllegalStateException("step '" + step + "': " + className + " does not implement " + RunStep.class.getName());
        }
        return (RunStep) type.getDeclaredConstructor().newInstance();
    }
}

package io.faceengine.jobs.run;

import java.io.IOException;

/**
 * Test-only failure injection to exercise restart: when {@code testing.failOnceInStep} names a
 * step, that step fails once per run. A marker file in the run folder records that it fired, so
 * the restarted step succeeds even though the setting is still on.
 */
public final class FaultInjection {
    private FaultInjection() {
    }

    public static void maybeFail(RunContext context, String stepName) throws IOException {
        if (!stepName.equals(context.config().testing().failOnceInStep())) {
            return;
        }
        if (context.files().createIfAbsent(context.layout().faultMarker(stepName))) {
            throw new InjectedFailure("injected failure in step '" + stepName + "' of run " + context.runId()
                    + " (testing.failOnceInStep); a restart continues from this step");
        }
    }
}

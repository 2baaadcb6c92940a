package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Review-queue and manifest publishing: a declared step of the run that does no work yet. */
public final class PublishStep implements RunStep {
    private static final Logger LOG = LoggerFactory.getLogger(PublishStep.class);

    @Override
    public void execute(RunContext context) {
        LOG.info("run {}: step publish is not enabled yet; skipped", context.runId());
        context.stats().skipped("not enabled yet");
    }
}

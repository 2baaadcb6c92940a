package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Intra-set clustering and cross-set dedup: a declared step of the run that does no work yet. */
public final class ClusterStep implements RunStep {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStep.class);

    @Override
    public void execute(RunContext context) {
        LOG.info("run {}: step cluster is not enabled yet; skipped", context.runId());
        context.stats().skipped("not enabled yet");
    }
}

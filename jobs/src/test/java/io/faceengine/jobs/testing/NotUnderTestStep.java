package io.faceengine.jobs.testing;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;

/**
 * Stands in for the cluster and publish steps in tests of the job's mechanics, whose small test
 * tables carry no real embeddings; the real steps are tested on real faces elsewhere.
 */
public final class NotUnderTestStep implements RunStep {
    @Override
    public void execute(RunContext context) {
        context.stats().skipped("not under test");
    }
}

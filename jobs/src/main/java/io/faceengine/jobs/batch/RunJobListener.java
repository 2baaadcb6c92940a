package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.RunParameters;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Marks the start and end of a run's execution; at the end it releases the execution's Spark session. */
@Named("runJobListener")
public class RunJobListener implements JobListener {
    private static final Logger LOG = LoggerFactory.getLogger(RunJobListener.class);

    @Inject
    JobContext jobContext;

    @Override
    public void beforeJob() {
        LOG.info("run {}: execution {} started", runId(), jobContext.getExecutionId());
    }

    @Override
    public void afterJob() {
        ExecutionSparkSessions.release(jobContext.getExecutionId());
        LOG.info("run {}: execution {} ended", runId(), jobContext.getExecutionId());
    }

    private String runId() {
        return jobContext.getProperties().getProperty(RunParameters.RUN_ID);
    }
}

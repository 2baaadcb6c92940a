package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.FaultInjection;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.StepStats;
import io.faceengine.pipeline.io.RunJson;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;

/**
 * The one batchlet of the run job: adapts a job step to a {@link RunStep}. It rebuilds the run's
 * context from the job parameters, runs the step named by the {@code runStep} property, and on
 * success writes the step's statistics. Any exception fails the step, and with it the job; the
 * step's exit status then carries the reason, for {@code status}.
 */
@Named("runStepBatchlet")
public class RunStepBatchlet extends AbstractBatchlet {
    private static final Logger LOG = LoggerFactory.getLogger(RunStepBatchlet.class);
    private static final int MAX_EXIT_STATUS = 500; // the repository keeps 512 characters

    @Inject
    JobContext jobContext;

    @Inject
    StepContext stepContext;

    /** Class name of the RunStep this job step runs. */
    @Inject
    @BatchProperty(name = "runStep")
    String runStepClass;

    private volatile String sparkJobGroup;

    @Override
    public String process() throws Exception {
        String step = stepContext.getStepName();
        long executionId = jobContext.getExecutionId();
        String runId = jobContext.getProperties().getProperty(RunParameters.RUN_ID);
        sparkJobGroup = "face-engine run " + runId + " step " + step;
        try {
            RunParameters parameters = RunParameters.from(jobContext.getProperties());
            RunContext context = RunContext.forStep(parameters, step,
                    () -> ExecutionSparkSessions.acquire(executionId, runId, sparkJobGroup));
            RunStep runStep = RunStepClasses.instantiate(step, runStepClass, context.config().testing());
            LOG.info("run {}: step {} started (execution {})", runId, step, executionId);
            runStep.execute(context);
            FaultInjection.maybeFail(context, step);
            StepStats stats = context.stats().finish(Instant.now());
            context.files().write(context.layout().stepStatsPath(step), RunJson.write(stats));
            LOG.info("run {}: step {} {} in {} s {}", runId, step, stats.skipped() ? "skipped" : "done",
                    String.format(Locale.ROOT, "%.1f", stats.seconds()), stats.counts());
            return exitStatus(stats);
        } catch (Exception | LinkageError e) {
            LOG.error("run {}: step {} failed", runId, step, e);
            stepContext.setExitStatus(exitStatus(e));
            throw e;
        }
    }

    /** Stopping a step cancels its Spark jobs; the step then fails and can be restarted. */
    @Override
    public void stop() {
        String group = sparkJobGroup;
        if (group != null) {
            ExecutionSparkSessions.cancel(group);
        }
    }

    /** COMPLETED, or SKIPPED with the reason, so status does not show a step that did nothing as completed. */
    static String exitStatus(StepStats stats) {
        return stats.skipped() ? truncate(ExecutionReport.StepReport.SKIPPED + ": " + stats.note())
                : BatchStatus.COMPLETED.name();
    }

    static String exitStatus(Throwable e) {
        return truncate(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String truncate(String message) {
        String text = message.replaceAll("\\s+", " ");
        return text.length() <= MAX_EXIT_STATUS ? text : text.substring(0, MAX_EXIT_STATUS - 1) + "…";
    }
}

package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.RunParameters;
import io.faceengine.pipeline.config.RunOptions.JobRepositoryOptions;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.runtime.JobExecutionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts, restarts and reports the run job ({@code META-INF/batch-jobs/face-engine-run.xml})
 * through the batch runtime and its job repository.
 */
public final class RunJobs {
    public static final String JOB_NAME = "face-engine-run";
    /** JBeret stores job parameters in a VARCHAR(3000) column and adds a few of its own on failure. */
    private static final int MAX_PARAMETER_CHARS = 2700;
    private static final Logger LOG = LoggerFactory.getLogger(RunJobs.class);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration PERSIST_GRACE = Duration.ofSeconds(60);
    private static final Set<BatchStatus> ENDED = EnumSet.of(BatchStatus.COMPLETED, BatchStatus.FAILED,
            BatchStatus.STOPPED, BatchStatus.ABANDONED);
    private static final String WELD_SHUTDOWN_HOOK = "org.jboss.weld.se.shutdownHook";
    private static final Map<JobRepositoryOptions, RunJobs> OPEN = new HashMap<>();

    private final JobOperatorImpl operator;

    private RunJobs(JobOperatorImpl operator) {
        this.operator = operator;
    }

    /** The run jobs of one job repository; one batch runtime per repository and JVM. */
    public static synchronized RunJobs open(JobRepositoryOptions repository) {
        // Weld's exit hook prints to stdout, after the run summary JSON; nothing needs closing at exit.
        if (System.getProperty(WELD_SHUTDOWN_HOOK) == null) {
            System.setProperty(WELD_SHUTDOWN_HOOK, "false");
        }
        return OPEN.computeIfAbsent(repository,
                r -> new RunJobs(new JobOperatorImpl(new RunBatchEnvironment(JobRepositories.create(r)))));
    }

    /**
     * Lets go of a job repository {@link #open} opened, so its database closes (an H2 file repository
     * keeps writing a lock file beside its data until then). Call when no execution of it is running;
     * a later {@link #open} opens it again.
     */
    public static synchronized void close(JobRepositoryOptions repository) {
        OPEN.remove(repository);
        JobRepositories.release(repository);
    }

    /** Starts a new run; returns its execution id. */
    public long start(RunParameters run) {
        return operator.start(JOB_NAME, checked(run.toJobParameters()));
    }

    /** The parameters an execution ran with. */
    public RunParameters parameters(long executionId) {
        return RunParameters.from(operator.getParameters(executionId));
    }

    /**
     * Restarts a failed or stopped execution of a run with (possibly changed) parameters; steps that
     * completed are not run again. Returns the new execution id.
     */
    public long restart(long executionId, RunParameters run) {
        if (!run.runId().equals(parameters(executionId).runId())) {
            throw new IllegalArgumentException("a restart keeps the run id of execution " + executionId);
        }
        return operator.restart(executionId, checked(run.toJobParameters()));
    }

    /** Waits until the execution has ended and its final state is in the repository. */
    public ExecutionReport await(long executionId) throws InterruptedException {
        JobExecution execution = operator.getJobExecution(executionId);
        if (execution instanceof JobExecutionImpl running) {
            awaitPersisted(running);
        }
        return report(executionId);
    }

    /**
     * JBeret releases the execution's termination latch after persisting its final state. If that
     * persisting fails (the repository became unreachable) the latch is never released: then stop
     * waiting a while after the execution has ended, and report what the repository says.
     */
    private static void awaitPersisted(JobExecutionImpl running) throws InterruptedException {
        long endedAt = 0;
        while (true) {
            long start = System.nanoTime();
            running.awaitTermination(POLL.toNanos(), TimeUnit.NANOSECONDS);
            long now = System.nanoTime();
            if (now - start < POLL.toNanos()) {
                return; // released: the final state is persisted
            }
            if (!ENDED.contains(running.getBatchStatus())) {
                endedAt = 0;
            } else if (endedAt == 0) {
                endedAt = now;
            } else if (now - endedAt > PERSIST_GRACE.toNanos()) {
                LOG.warn("execution {} ended as {} but its end was not recorded in the job repository (see the log "
                        + "above); restart it from a new process", running.getExecutionId(), running.getBatchStatus());
                return;
            }
        }
    }

    public ExecutionReport report(long executionId) {
        JobExecution execution = operator.getJobExecution(executionId);
        List<ExecutionReport.StepReport> steps = new ArrayList<>();
        for (StepExecution step : operator.getStepExecutions(executionId)) {
            steps.add(new ExecutionReport.StepReport(step.getStepName(), String.valueOf(step.getBatchStatus()),
                    step.getExitStatus(), instant(step.getStartTime()), instant(step.getEndTime())));
        }
        steps.sort(Comparator.comparing(ExecutionReport.StepReport::startTime,
                Comparator.nullsLast(Comparator.naturalOrder())));
        Properties parameters = execution.getJobParameters();
        return new ExecutionReport(executionId, operator.getJobInstance(executionId).getInstanceId(),
                parameters == null ? null : parameters.getProperty(RunParameters.RUN_ID),
                String.valueOf(execution.getBatchStatus()), execution.getExitStatus(),
                instant(execution.getStartTime()), instant(execution.getEndTime()), steps);
    }

    /** The most recent executions of the run job, newest first. */
    public List<ExecutionReport> recent(int limit) {
        List<JobInstance> instances;
        try {
            instances = operator.getJobInstances(JOB_NAME, 0, limit);
        } catch (NoSuchJobException e) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (JobInstance instance : instances) {
            operator.getJobExecutions(instance).forEach(e -> ids.add(e.getExecutionId()));
        }
        return ids.stream().sorted(Comparator.reverseOrder()).limit(limit).map(this::report).toList();
    }

    private static Properties checked(Properties parameters) {
        int chars = parameters.entrySet().stream()
                .mapToInt(e -> e.getKey().toString().length() + e.getValue().toString().length() + 2).sum();
        if (chars > MAX_PARAMETER_CHARS) {
            throw new IllegalArgumentException("the run's parameters take " + chars + " characters, more than the job "
                    + "repository keeps (" + MAX_PARAMETER_CHARS + "): list many inputs in a manifest file "
                    + "(.jsonl or .csv with set_id,uri) and pass that as the input");
        }
        return parameters;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

package io.faceengine.jobs.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One execution of the run job as the repository records it: a run's first execution, or a restart.
 *
 * @param runId  the run it belongs to (stable across restarts)
 * @param steps  the steps this execution ran, in order; a restart lists only the steps it ran again
 */
public record ExecutionReport(long executionId, long instanceId, String runId, String batchStatus, String exitStatus,
                              Instant startTime, Instant endTime, List<StepReport> steps) {

    public boolean completed() {
        return "COMPLETED".equals(batchStatus);
    }

    public Optional<StepReport> failedStep() {
        return steps.stream().filter(s -> "FAILED".equals(s.batchStatus())).findFirst();
    }

    /** One step execution. */
    public record StepReport(String step, String batchStatus, String exitStatus, Instant startTime, Instant endTime) {
        /** Start of the exit status of a step that completed without doing any work; the reason follows. */
        public static final String SKIPPED = "SKIPPED";

        /** SKIPPED for a completed step that did no work, else the batch status. */
        public String shownStatus() {
            return "COMPLETED".equals(batchStatus) && exitStatus != null && exitStatus.startsWith(SKIPPED)
                    ? SKIPPED : batchStatus;
        }
    }
}

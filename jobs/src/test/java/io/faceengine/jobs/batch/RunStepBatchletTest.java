package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.StepStats;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunStepBatchletTest {
    @Test
    void aStepThatDidNoWorkEndsWithSkippedAndItsReason() {
        StepStats skipped = new StepStats("retrain", "a", "b", 0.1, true, "training.enabled is false", Map.of());
        StepStats done = new StepStats("embed", "a", "b", 0.1, false, null, Map.of("faces", 3L));

        assertEquals("SKIPPED: training.enabled is false", RunStepBatchlet.exitStatus(skipped));
        assertEquals("SKIPPED", new ExecutionReport.StepReport("retrain", "COMPLETED", RunStepBatchlet.exitStatus(skipped),
                null, null).shownStatus());
        assertEquals("COMPLETED", RunStepBatchlet.exitStatus(done));
    }
}

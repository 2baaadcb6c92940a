package io.faceengine.jobs.run;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TaskCountsTest {
    @Test
    void runningTasksCountTheirLatestReportAndFinishedTasksTheirFinalValue() {
        TaskCounts counts = new TaskCounts();
        counts.reported(1, 32);
        counts.reported(2, 64);
        assertEquals(96, counts.total(), "both tasks mid-partition");
        counts.reported(1, 96);
        assertEquals(160, counts.total(), "a later heartbeat replaces the earlier value");
        counts.ended(1, true, 100);
        assertEquals(164, counts.total());
    }

    @Test
    void aFailedTaskIsDroppedAndALateReportDoesNotBringAnEndedTaskBack() {
        TaskCounts counts = new TaskCounts();
        counts.reported(1, 50);
        counts.ended(1, false, 50);
        assertEquals(0, counts.total(), "its retry will count the same rows again");
        counts.reported(2, 10);
        counts.ended(2, true, 20);
        counts.reported(2, 10);
        counts.ended(2, true, 20);
        assertEquals(20, counts.total());
    }
}

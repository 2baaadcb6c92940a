package io.faceengine.jobs.cli;

import io.faceengine.jobs.batch.ExecutionReport;
import io.faceengine.jobs.batch.ExecutionReport.StepReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatusCommandTest {
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void skippedStepIsShownAsSkippedWithItsReasonAndColumnsAlign() {
        ExecutionReport report = new ExecutionReport(7, 3, "run-1", "COMPLETED", "COMPLETED", T, T, List.of(
                new StepReport("embed", "COMPLETED", "COMPLETED", T, T),
                new StepReport("decisions", "COMPLETED", "COMPLETED", T, T),
                new StepReport("retrain", "COMPLETED", "SKIPPED: training.enabled is false", T, T),
                new StepReport("commit", "FAILED", "IOException: disk full", T, T)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StatusCommand.print(report, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(List.of(
                "  embed      COMPLETED",
                "  decisions  COMPLETED",
                "  retrain    SKIPPED    training.enabled is false",
                "  commit     FAILED     IOException: disk full"), lines.subList(1, lines.size()).stream()
                .map(String::stripTrailing).toList());
    }
}

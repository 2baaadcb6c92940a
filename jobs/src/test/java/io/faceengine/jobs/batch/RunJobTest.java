package io.faceengine.jobs.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.steps.CommitStep;
import io.faceengine.jobs.testing.ChildJvm;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.jobs.testing.TestTables;
import io.faceengine.pipeline.config.RunOptions.JobRepositoryOptions;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run job end to end in local Spark with the small test steps: a complete run, a failed run
 * restarted in this JVM and in a new JVM (H2 file repository), and the commit's guarantees.
 */
class RunJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_STEPS = List.of("ingest", "detect", "quality", "embed", "decisions", "cluster", "publish",
            "retrain");

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path inputs;
    static String repository;
    static RunJobs jobs;
    static Path uninterruptedRoot;
    static JsonNode uninterruptedSummary;

    @BeforeAll
    static void runOnceWithoutFailure() throws Exception {
        spark = TestRuns.session();
        inputs = TestRuns.createInputs(dir.resolve("inputs"));
        repository = TestRuns.repositoryUrl(dir);
        jobs = RunJobs.open(new JobRepositoryOptions(repository, "", ""));
        uninterruptedRoot = dir.resolve("uninterrupted");
        CliRun result = CliRun.of(TestRuns.runArgs(inputs, uninterruptedRoot, repository));
        assertEquals(0, result.exitCode(), result.err());
        uninterruptedSummary = JSON.readTree(result.out());
    }

    @AfterAll
    static void closeRepository() {
        TestRuns.closeRepository(repository);
    }

    @Test
    void completeRunIsCommittedWithEveryStepsStatistics() {
        String runId = uninterruptedSummary.get("runId").asText();
        List<String> steps = new ArrayList<>();
        uninterruptedSummary.get("steps").forEach(s -> steps.add(s.get("step").asText()));
        assertEquals(ALL_STEPS, steps);
        assertEquals(6, uninterruptedSummary.get("steps").get(0).get("counts").get("images").asLong());
        assertTrue(uninterruptedSummary.get("steps").get(4).get("skipped").asBoolean(), "cluster is a placeholder");
        assertTrue(uninterruptedSummary.get("steps").get(5).get("skipped").asBoolean(), "publish is a placeholder");
        assertTrue(uninterruptedSummary.get("steps").get(7).get("skipped").asBoolean(), "retraining is off by default");

        TableCatalog catalog = new TableCatalog(uninterruptedRoot.toString());
        assertEquals(List.of(runId), catalog.committedRunIds(spark));
        assertEquals(6, catalog.read(spark, "faces", TestTables.FACES).count());
        assertEquals(6, catalog.read(spark, "images", TestTables.IMAGES).count());
        assertTrue(Files.exists(uninterruptedRoot.resolve("runs").resolve(runId).resolve("_SUCCESS")));
        assertFalse(spark.sparkContext().isStopped(), "the job must not stop a session it did not start");
    }

    @Test
    void failedStepIsRestartedAloneAndTheResultEqualsAnUninterruptedRun() throws Exception {
        Path root = dir.resolve("restarted");
        CliRun failed = CliRun.of(TestRuns.runArgs(inputs, root, repository,
                "--set", "testing.failOnceInStep=quality"));
        assertEquals(1, failed.exitCode(), failed.err());
        long failedId = TestRuns.failedExecutionId(failed);
        ExecutionReport failedReport = jobs.report(failedId);
        assertEquals("FAILED", failedReport.batchStatus());
        assertEquals(List.of("ingest:COMPLETED", "detect:COMPLETED", "quality:FAILED"), stepStatuses(failedReport));
        assertTrue(failedReport.failedStep().orElseThrow().exitStatus().contains("injected failure"));

        // The failed run's partial output exists but is invisible to readers.
        RunLayout layout = new RunLayout(root.toString(), failedReport.runId());
        assertTrue(Files.isDirectory(Path.of(layout.stepOutput("scored").toString())), "quality wrote before failing");
        assertFalse(Files.exists(Path.of(layout.stepStatsPath("quality").toString())));
        TableCatalog catalog = new TableCatalog(root.toString());
        assertEquals(List.of(), catalog.committedRunIds(spark));
        assertEquals(0, catalog.read(spark, "faces", TestTables.FACES).count());
        String ingestStats = Files.readString(Path.of(layout.stepStatsPath("ingest").toString()));

        CliRun restarted = CliRun.of("restart", Long.toString(failedId), "--set", "run.jobRepository.url=" + repository);
        assertEquals(0, restarted.exitCode(), restarted.err());
        assertEquals(failedReport.runId(), JSON.readTree(restarted.out()).get("runId").asText());

        ExecutionReport restartReport = jobs.recent(1).get(0);
        assertEquals(failedReport.instanceId(), restartReport.instanceId());
        assertEquals(List.of("quality:COMPLETED", "embed:COMPLETED", "decisions:COMPLETED", "cluster:COMPLETED", "publish:COMPLETED",
                "retrain:COMPLETED", "commit:COMPLETED"), stepStatuses(restartReport));
        assertEquals(ingestStats, Files.readString(Path.of(layout.stepStatsPath("ingest").toString())),
                "a completed step is not run again");
        assertSameTablesAsUninterrupted(root);
    }

    @Test
    void restartInANewJvmFinishesTheRun() throws Exception {
        Path root = dir.resolve("cross-jvm");
        CliRun failed = CliRun.of(TestRuns.runArgs(inputs, root, repository,
                "--set", "testing.failOnceInStep=embed"));
        assertEquals(1, failed.exitCode(), failed.err());
        long failedId = TestRuns.failedExecutionId(failed);

        ChildJvm.Result child = ChildJvm.runCli(List.of("restart", Long.toString(failedId),
                "--set", "run.jobRepository.url=" + repository));
        assertEquals(0, child.exitCode(), child.output());

        ExecutionReport restartReport = jobs.recent(1).get(0);
        assertEquals("COMPLETED", restartReport.batchStatus());
        assertEquals(List.of("embed:COMPLETED", "decisions:COMPLETED", "cluster:COMPLETED", "publish:COMPLETED", "retrain:COMPLETED",
                "commit:COMPLETED"),
                stepStatuses(restartReport));
        assertTrue(child.output().contains(restartReport.runId()), "the child prints the run summary");
        assertSameTablesAsUninterrupted(root);
    }

    @Test
    void committingACommittedRunAgainChangesNothing() throws Exception {
        String runId = uninterruptedSummary.get("runId").asText();
        RunLayout layout = new RunLayout(uninterruptedRoot.toString(), runId);
        String summaryBefore = Files.readString(Path.of(layout.summaryPath().toString()));
        RunParameters parameters = new RunParameters(runId, uninterruptedRoot.toString(), List.of(inputs.toString()),
                null, List.of());
        RunContext context = RunContext.forStep(parameters, "commit", () -> spark);
        new CommitStep().execute(context);

        assertEquals(List.of(runId), new TableCatalog(uninterruptedRoot.toString()).committedRunIds(spark));
        assertEquals(summaryBefore, Files.readString(Path.of(layout.summaryPath().toString())));
        assertEquals(1L, context.stats().finish(java.time.Instant.now()).counts().get("alreadyCommitted"));
    }

    @Test
    void statusShowsExecutionsWithTheirSteps() {
        CliRun status = CliRun.of("status", "--set", "run.jobRepository.url=" + repository);
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().contains(uninterruptedSummary.get("runId").asText()), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.strip().matches("commit\\s+COMPLETED")), status.out());
        // training.enabled is off: the step ran but did nothing, and says so.
        assertTrue(status.out().lines().anyMatch(l -> l.strip().matches("retrain\\s+SKIPPED\\s+training.enabled is false")),
                status.out());
    }

    private static void assertSameTablesAsUninterrupted(Path root) {
        TableCatalog restarted = new TableCatalog(root.toString());
        TableCatalog reference = new TableCatalog(uninterruptedRoot.toString());
        assertEquals(1, restarted.committedRunIds(spark).size());
        assertEquals(TestRuns.contentOf(reference.read(spark, "images", TestTables.IMAGES)),
                TestRuns.contentOf(restarted.read(spark, "images", TestTables.IMAGES)));
        assertEquals(TestRuns.contentOf(reference.read(spark, "faces", TestTables.FACES)),
                TestRuns.contentOf(restarted.read(spark, "faces", TestTables.FACES)));
    }

    private static List<String> stepStatuses(ExecutionReport report) {
        return report.steps().stream().map(s -> s.step() + ":" + s.batchStatus()).toList();
    }
}

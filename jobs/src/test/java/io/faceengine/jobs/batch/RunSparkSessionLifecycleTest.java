package io.faceengine.jobs.batch;

import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.testing.TestRuns;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run that had to start Spark itself stops it when it ends. */
class RunSparkSessionLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void sessionStartedByTheJobIsStoppedWhenTheJobEnds() throws Exception {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        Path inputs = TestRuns.createInputs(dir.resolve("inputs"));
        String repository = TestRuns.repositoryUrl(dir);
        CliRun result = CliRun.withoutTestSession(TestRuns.runArgs(inputs, dir.resolve("data"), repository));
        TestRuns.closeRepository(repository);
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(SparkSession.getDefaultSession().isEmpty(), "the job's own session is stopped");
    }
}

package io.faceengine.jobs.batch;

import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.config.RunOptions.JobRepositoryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An H2 file job repository, once closed, leaves only its data file: while open, H2 rewrites its
 * lock file whenever it disappears, so a test's temporary folder could not be removed.
 */
class JobRepositoryCloseTest {
    @TempDir
    Path dir;

    @Test
    void closingTheRepositoryClosesTheDatabaseAndItsLockFile() throws Exception {
        JobRepositoryOptions options = new JobRepositoryOptions(TestRuns.repositoryUrl(dir), "", "");
        assertEquals(List.of(), RunJobs.open(options).recent(1));
        Path lock = dir.resolve("job-repository.lock.db");
        assertTrue(Files.exists(lock), "an open H2 database holds a lock file");

        RunJobs.close(options);
        assertFalse(Files.exists(lock), "the database closed: its lock file is gone");

        assertEquals(List.of(), RunJobs.open(options).recent(1), "a closed repository opens again");
        RunJobs.close(options);
    }
}

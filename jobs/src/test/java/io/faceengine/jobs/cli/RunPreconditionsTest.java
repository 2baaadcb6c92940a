package io.faceengine.jobs.cli;

import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.testing.TestRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run refuses to start, before any step, when what it needs is missing: an Elasticsearch that answers,
 * and a committed-runs pointer that still lists every committed run.
 */
class RunPreconditionsTest {
    private static final String COMMITTED_RUN = "20261101-120000-abcdef";
    /** What the run command prints once it started the job. */
    private static final Pattern STARTED = Pattern.compile("execution \\d+ started");

    @TempDir
    Path dir;

    @AfterEach
    void closeRepository() {
        TestRuns.closeRepository(TestRuns.repositoryUrl(dir));
    }

    @Test
    void anUnreachableElasticsearchStopsTheRunBeforeIngestNamingItsUrl() throws Exception {
        String url = "http://127.0.0.1:" + closedPort();
        Path root = dir.resolve("data");
        CliRun run = CliRun.of(TestRuns.runArgs(TestRuns.createInputs(dir.resolve("inputs")), root,
                TestRuns.repositoryUrl(dir), "--set", "elasticsearch.url=" + url));
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("Elasticsearch at " + url + " is unreachable"), run.err());
        assertFalse(STARTED.matcher(run.err()).find(), "no execution was started:\n" + run.err());
        assertFalse(Files.exists(root.resolve(RunLayout.RUNS)), "no step ran");
    }

    @Test
    void anEmptiedPointerIsRefusedAndLeftAsItIs() throws Exception {
        for (String pointer : new String[]{"{}", "{\"runs\": []}"}) {
            Path root = dir.resolve("data");
            Files.createDirectories(root.resolve(RunLayout.RUNS).resolve(COMMITTED_RUN));
            Files.writeString(root.resolve(RunLayout.RUNS).resolve(COMMITTED_RUN).resolve(RunLayout.SUCCESS), "");
            Files.writeString(root.resolve(RunLayout.COMMITTED_RUNS), pointer);

            CliRun run = CliRun.of(TestRuns.runArgs(TestRuns.createInputs(dir.resolve("inputs-" + pointer.length())), root,
                    TestRuns.repositoryUrl(dir)));
            assertEquals(1, run.exitCode(), run.err());
            assertTrue(run.err().contains(RunLayout.COMMITTED_RUNS), run.err());
            assertTrue(pointer.equals("{}") || run.err().contains(COMMITTED_RUN), "names the lost run:\n" + run.err());
            assertFalse(STARTED.matcher(run.err()).find(), "no execution was started:\n" + run.err());
            assertEquals(pointer, Files.readString(root.resolve(RunLayout.COMMITTED_RUNS)), "the pointer is not rewritten");
            try (var runs = Files.list(root.resolve(RunLayout.RUNS))) {
                assertEquals(1, runs.count(), "no new run folder");
            }
        }
    }

    /** A loopback port nothing listens on: bound once by the OS, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package io.faceengine.jobs.run;

import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommittedRunsTest {
    @TempDir
    Path root;

    @Test
    void commitsInOrderOnceEachWithoutLeavingTemporaryFiles() throws Exception {
        CommittedRuns runs = new CommittedRuns(root.toString(), new Configuration());
        assertEquals(List.of(), runs.committedRunIds());
        assertTrue(runs.commit("run-1"));
        assertTrue(runs.commit("run-2"));
        assertFalse(runs.commit("run-1"), "committing again changes nothing");
        assertEquals(List.of("run-1", "run-2"), new CommittedRuns(root.toString(), new Configuration()).committedRunIds());
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of(RunLayout.COMMITTED_RUNS), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary or checksum files beside the pointer");
        }
    }

    @Test
    void aPointerThatLostACommittedRunIsNeitherReadAsEmptyNorRewritten() throws Exception {
        CommittedRuns runs = new CommittedRuns(root.toString(), new Configuration());
        finishCommit("run-1");
        assertTrue(runs.commit("run-1"));
        Path pointer = root.resolve(RunLayout.COMMITTED_RUNS);

        Files.writeString(pointer, "{}");
        Exception noList = assertThrows(RuntimeException.class, runs::committedRunIds);
        assertTrue(noList.getMessage().contains(pointer.toString()) && noList.getMessage().contains("runs"), noList.getMessage());

        Files.writeString(pointer, "{\"runs\": []}");
        finishCommit("run-2");
        Exception lost = assertThrows(IllegalStateException.class, () -> runs.commit("run-2"));
        assertTrue(lost.getMessage().contains("[run-1]"), lost.getMessage());
        assertEquals("{\"runs\": []}", Files.readString(pointer), "the pointer is left as it was");
        assertThrows(IllegalStateException.class, () -> runs.requireComplete(null));
    }

    @Test
    void aRunWhoseCommitStoppedAfterItsMarkerCanStillCommit() throws Exception {
        CommittedRuns runs = new CommittedRuns(root.toString(), new Configuration());
        finishCommit("run-1");
        runs.requireComplete("run-1");
        assertTrue(runs.commit("run-1"));
        runs.requireComplete(null);
    }

    /** What the commit step writes before it adds the run to the pointer. */
    private void finishCommit(String runId) throws Exception {
        Path run = Files.createDirectories(root.resolve(RunLayout.RUNS).resolve(runId));
        Files.writeString(run.resolve(RunLayout.SUCCESS), "");
    }

    @Test
    void replacingAFileKeepsItsInodeFreeOfPartialContent() throws Exception {
        RunFiles files = new RunFiles(new Configuration());
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(root.resolve("x.json").toString());
        files.replaceAtomically(target, "first");
        files.replaceAtomically(target, "second");
        assertEquals("second", files.read(target).orElseThrow());
    }
}

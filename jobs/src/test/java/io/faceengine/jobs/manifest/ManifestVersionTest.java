package io.faceengine.jobs.manifest;

import io.faceengine.jobs.run.RunLayout;
import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A manifest version number is given out once per data root, whatever the commit order or the pointer say. */
class ManifestVersionTest {
    @TempDir
    Path root;

    @Test
    void theNextVersionIsAboveEveryVersionAnotherRunWrote() throws Exception {
        RunFiles files = new RunFiles(new Configuration());
        RunLayout own = new RunLayout(root.toString(), "run-4");
        assertEquals(1, DatasetManifest.nextVersion(files, own));

        // run-2 published version 2 and failed later; run-3 published 3 and committed; run-2, restarted,
        // committed after it. None of this is visible in the pointer's order or contents.
        writeSummary("run-1", 1);
        writeSummary("run-2", 2);
        writeSummary("run-3", 3);
        writeSummary("run-4", 7); // its own earlier attempt: publishing again keeps its number free
        assertEquals(4, DatasetManifest.nextVersion(files, own));
    }

    private void writeSummary(String runId, int version) throws Exception {
        Path folder = Files.createDirectories(root.resolve(RunLayout.RUNS).resolve(runId).resolve(DatasetManifest.FOLDER));
        Files.writeString(folder.resolve(DatasetManifest.SUMMARY), "{\"version\": " + version + "}");
    }
}

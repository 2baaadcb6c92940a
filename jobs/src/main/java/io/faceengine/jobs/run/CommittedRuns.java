package io.faceengine.jobs.run;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed-runs pointer {@code <root>/committed-runs.json}: the runs whose tables readers may
 * use, in commit order. Adding a run replaces the whole file atomically ({@link RunFiles#replaceAtomically}),
 * which is the moment the run becomes visible. Runs are committed one at a time: two runs
 * committing at the same moment could lose one update (the scheduler runs one run per data root).
 */
public final class CommittedRuns {
    private final Path pointer;
    private final RunFiles files;

    public CommittedRuns(String dataRoot, Configuration conf) {
        this.pointer = RunLayout.committedRunsPath(dataRoot);
        this.files = new RunFiles(conf);
    }

    public List<String> committedRunIds() throws IOException {
        return entries().stream().map(Entry::runId).toList();
    }

    public boolean isCommitted(String runId) throws IOException {
        return committedRunIds().contains(runId);
    }

    /** Commits a run; committing an already committed run changes nothing. Returns false in that case. */
    public boolean commit(String runId) throws IOException {
        List<Entry> runs = new ArrayList<>(entries());
        if (runs.stream().anyMatch(e -> e.runId().equals(runId))) {
            return false;
        }
        runs.add(new Entry(RunId.requireValid(runId), Instant.now().toString()));
        files.replaceAtomically(pointer, RunJson.write(new Pointer(runs)));
        return true;
    }

    private List<Entry> entries() throws IOException {
        return files.read(pointer).map(json -> RunJson.read(json, Pointer.class, pointer.toString()).runs())
                .orElse(List.of());
    }

    /** The file's content. */
    record Pointer(List<Entry> runs) {
        Pointer {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    /** One committed run and when it was committed (ISO-8601). */
    record Entry(String runId, String committedAt) {
    }
}

package io.faceengine.jobs.run;

import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
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
 *
 * <p>A pointer that no longer lists every committed run (emptied, or restored from an old copy) is
 * refused rather than rewritten: the next commit would otherwise drop those runs for good and their
 * manifest versions would be given out again.
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

    /**
     * Commits a run; committing an already committed run changes nothing. Returns false in that case.
     * Refuses (see {@link #requireComplete}) when the pointer lost a committed run.
     */
    public boolean commit(String runId) throws IOException {
        List<Entry> runs = new ArrayList<>(entries());
        if (runs.stream().anyMatch(e -> e.runId().equals(runId))) {
            return false;
        }
        requireComplete(runId);
        runs.add(new Entry(RunId.requireValid(runId), Instant.now().toString()));
        files.replaceAtomically(pointer, RunJson.write(new Pointer(runs)));
        return true;
    }

    /**
     * Checks that the pointer lists every run the commit step finished on disk ({@code runs/<id>/_SUCCESS}),
     * except {@code committing} (null: none), whose commit may have stopped between its marker and the pointer.
     *
     * @throws IllegalStateException naming the runs the pointer lost
     */
    public void requireComplete(String committing) throws IOException {
        List<String> listed = committedRunIds();
        List<String> lost = new ArrayList<>();
        for (Path marker : files.glob(new Path(new Path(pointer.getParent(), RunLayout.RUNS), "*/" + RunLayout.SUCCESS))) {
            String runId = marker.getParent().getName();
            if (!runId.equals(committing) && !listed.contains(runId)) {
                lost.add(runId);
            }
        }
        if (!lost.isEmpty()) {
            throw new IllegalStateException(pointer + " does not list " + lost.size() + " run(s) whose commit finished: "
                    + lost + " (each has " + RunLayout.SUCCESS + " under " + RunLayout.RUNS + "/<runId>/). The pointer "
                    + "was emptied or replaced by an older copy, or a run stopped in its commit step. Nothing was changed: "
                    + "restore the pointer from a backup (or write it again listing every committed run in commit order, see "
                    + "their " + RunLayout.SUMMARY + "), or restart the stopped run's execution, before starting a run here.");
        }
    }

    private List<Entry> entries() throws IOException {
        return files.read(pointer).map(this::parse).orElse(List.of());
    }

    private List<Entry> parse(String json) {
        List<Entry> runs = RunJson.read(json, Pointer.class, pointer.toString()).runs();
        if (runs == null) {
            // Every commit writes the list: read as "nothing committed", the next commit would drop every run.
            throw new IllegalStateException(pointer + " has no \"runs\" list, so it is not the file commits write: "
                    + "restore it from a backup before running or reading anything under this data root");
        }
        return List.copyOf(runs);
    }

    /** The file's content. */
    record Pointer(List<Entry> runs) {
    }

    /** One committed run and when it was committed (ISO-8601). */
    record Entry(String runId, String committedAt) {
    }
}

package io.faceengine.jobs.run;

import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.pipeline.table.CropArchives;
import org.apache.hadoop.fs.Path;

/**
 * Where a run's files live under the data root (a local path or any Hadoop URI):
 * <pre>
 * &lt;root&gt;/data-root.json               the data root's id, created once; its indices record it (DataRootBinding)
 * &lt;root&gt;/committed-runs.json          the committed runs, in commit order (readers start here)
 * &lt;root&gt;/runs/&lt;runId&gt;/&lt;table&gt;/        each step's output (Parquet), e.g. images, faces
 * &lt;root&gt;/runs/&lt;runId&gt;/steps/&lt;step&gt;.json each step's statistics
 * &lt;root&gt;/runs/&lt;runId&gt;/crops/part-&lt;n&gt;.zip the clustered faces' crops, for the review API
 * &lt;root&gt;/runs/&lt;runId&gt;/summary.json      the run record, written by the commit
 * &lt;root&gt;/runs/&lt;runId&gt;/_SUCCESS          written by the commit, just before the run is committed
 * </pre>
 */
public final class RunLayout {
    public static final String COMMITTED_RUNS = "committed-runs.json";
    public static final String SUMMARY = "summary.json";
    public static final String SUCCESS = "_SUCCESS";
    public static final String RUNS = "runs";

    private final Path dataRoot;
    private final String runId;

    public RunLayout(String dataRoot, String runId) {
        this.dataRoot = new Path(dataRoot);
        this.runId = RunId.requireValid(runId);
    }

    public Path dataRoot() {
        return dataRoot;
    }

    public String runId() {
        return runId;
    }

    public Path runDir() {
        return new Path(new Path(dataRoot, RUNS), runId);
    }

    /** A step's output folder (a table's Parquet files), e.g. {@code stepOutput("faces")}. */
    public Path stepOutput(String name) {
        return new Path(runDir(), name);
    }

    /** The crop archives' folder (names in {@link CropArchives}). */
    public Path cropArchivesDir() {
        return new Path(runDir(), CropArchives.FOLDER);
    }

    public Path stepStatsDir() {
        return new Path(runDir(), "steps");
    }

    public Path stepStatsPath(String step) {
        return new Path(stepStatsDir(), step + ".json");
    }

    public Path summaryPath() {
        return new Path(runDir(), SUMMARY);
    }

    public Path successMarker() {
        return new Path(runDir(), SUCCESS);
    }

    /** Test-only marker: the injected failure of {@code step} has fired in this run. */
    public Path faultMarker(String step) {
        return new Path(runDir(), "_fault-injected-" + step);
    }

    public Path committedRunsPath() {
        return committedRunsPath(dataRoot.toString());
    }

    public static Path dataRootIdPath(String dataRoot) {
        return new Path(new Path(dataRoot), DataRootId.FILE_NAME);
    }

    public static Path committedRunsPath(String dataRoot) {
        return new Path(new Path(dataRoot), COMMITTED_RUNS);
    }
}

package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.CommittedRuns;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.StepStats;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The last step: makes the run visible to readers in one atomic action. It gathers the steps'
 * statistics into {@code summary.json}, writes {@code _SUCCESS}, then adds the run to the
 * committed-runs pointer, the single atomic step. Until then, a failed run's partial tables are
 * invisible and the previous state stays intact. Running it again for a committed run changes
 * nothing.
 */
public final class CommitStep implements RunStep {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStep.class);

    @Override
    public void execute(RunContext context) throws IOException {
        RunLayout layout = context.layout();
        RunFiles files = context.files();
        CommittedRuns committed = new CommittedRuns(layout.dataRoot().toString(), context.hadoopConf());
        if (committed.isCommitted(context.runId())) {
            LOG.info("run {} is already committed; nothing to do", context.runId());
            context.stats().count("alreadyCommitted", 1);
            return;
        }
        List<StepStats> steps = earlierSteps(context, files);
        Map<String, Object> calibration = CalibrationReport.read(context.hadoopConf(), layout)
                .map(CalibrationReport::headline).orElse(null);
        RunSummary summary = summary(context.parameters(), context.config().input().faceOrigin(), steps, calibration);
        files.write(layout.summaryPath(), RunJson.write(summary));
        files.write(layout.successMarker(), "");
        committed.commit(context.runId());
        LOG.info("run {} committed: {} steps, {} s in steps", context.runId(), steps.size(),
                String.format("%.1f", summary.stepSeconds()));
        context.stats().count("steps", steps.size()).count("alreadyCommitted", 0);
    }

    private static List<StepStats> earlierSteps(RunContext context, RunFiles files) throws IOException {
        List<StepStats> steps = new ArrayList<>();
        for (Path file : files.list(context.layout().stepStatsDir(), ".json")) {
            StepStats stats = RunJson.read(files.read(file).orElseThrow(), StepStats.class, file.toString());
            if (!stats.step().equals(context.stepName())) {
                steps.add(stats);
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalStateException("no step statistics under " + context.layout().stepStatsDir()
                    + ": the run's steps have not run, nothing to commit");
        }
        steps.sort(Comparator.comparing(s -> Instant.parse(s.startedAt())));
        return steps;
    }

    private static RunSummary summary(RunParameters run, FaceOrigin faceOrigin, List<StepStats> steps,
                                      Map<String, Object> calibration) {
        double seconds = Math.round(steps.stream().mapToDouble(StepStats::seconds).sum() * 1e3) / 1e3;
        return new RunSummary(run.runId(), run.dataRoot(), run.inputs(), run.configFile(), run.overrides(),
                faceOrigin, steps.get(0).startedAt(), Instant.now().toString(), seconds, steps, calibration);
    }
}

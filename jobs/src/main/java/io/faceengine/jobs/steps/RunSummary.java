package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.StepStats;
import io.faceengine.pipeline.face.FaceOrigin;

import java.util.List;
import java.util.Map;

/**
 * The run record {@code runs/<runId>/summary.json}, written by the commit.
 *
 * @param startedAt   when the run's first step started (ISO-8601)
 * @param committedAt when the run was committed (ISO-8601)
 * @param faceOrigin  where the run's faces came from: DETECTED, or GIVEN_CROP when the inputs were
 *                    taken as already aligned crops (input.alignedCrops) and nothing was detected
 * @param stepSeconds time spent in the steps, summed (a restart's waiting time is not counted)
 * @param steps       each step's statistics, in the order the steps ran
 * @param calibration the thresholds the run calibrated, their fallbacks and the estimated precision of what it
 *                    accepted (the headline of {@code calibration/calibration.json}); null when the run clustered nothing
 */
public record RunSummary(String runId, String dataRoot, List<String> inputs, String configFile,
                         List<String> overrides, FaceOrigin faceOrigin, String startedAt, String committedAt,
                         double stepSeconds, List<StepStats> steps, Map<String, Object> calibration) {
}

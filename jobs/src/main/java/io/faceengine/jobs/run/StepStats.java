package io.faceengine.jobs.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step did, written as JSON to {@link RunLayout#stepStatsPath} when the step succeeds
 * and read back by the commit for the run summary.
 *
 * @param startedAt  ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param skipped    the step did no work (e.g. not enabled yet)
 * @param note       why it was skipped, or null
 * @param counts     the step's own counters (images read, faces found, …), in the order recorded
 */
public record StepStats(String step, String startedAt, String finishedAt, double seconds, boolean skipped,
                        String note, Map<String, Long> counts) {
    public StepStats {
        counts = counts == null ? Map.of() : new LinkedHashMap<>(counts);
    }
}

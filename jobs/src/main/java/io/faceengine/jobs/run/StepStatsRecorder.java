package io.faceengine.jobs.run;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A running step's counters. The step sets or adds counts while it works; when it returns, the
 * runtime adds the timing and writes the result to the step's statistics file, so a step that
 * fails leaves no statistics behind and a re-run replaces them.
 */
public final class StepStatsRecorder {
    private final String step;
    private final Instant startedAt;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private String skippedBecause;

    public StepStatsRecorder(String step, Instant startedAt) {
        this.step = step;
        this.startedAt = startedAt;
    }

    public synchronized StepStatsRecorder count(String name, long value) {
        counts.put(name, value);
        return this;
    }

    public synchronized StepStatsRecorder add(String name, long delta) {
        counts.merge(name, delta, Long::sum);
        return this;
    }

    /** The step did no work, for this reason. */
    public synchronized void skipped(String reason) {
        skippedBecause = reason;
    }

    public String step() {
        return step;
    }

    public synchronized StepStats finish(Instant finishedAt) {
        double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1e3;
        return new StepStats(step, startedAt.toString(), finishedAt.toString(), seconds, skippedBecause != null,
                skippedBecause, counts);
    }
}

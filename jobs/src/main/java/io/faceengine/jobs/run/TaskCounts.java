package io.faceengine.jobs.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A counter summed over the tasks of a Spark job while it runs: the partial values running
 * tasks last reported plus the final values of the tasks that succeeded. A failed task's
 * partial value is dropped (its retry counts again), and a report that arrives after its task
 * ended is ignored, so the sum never counts a task twice.
 */
public final class TaskCounts {
    private final Map<Long, Long> running = new HashMap<>();
    private final Set<Long> ended = new HashSet<>();
    private long finished;

    /** A running task's value so far (from an executor heartbeat). */
    public synchronized void reported(long taskId, long value) {
        if (!ended.contains(taskId)) {
            running.put(taskId, value);
        }
    }

    /** A task ended; {@code finalValue} counts only if it succeeded. */
    public synchronized void ended(long taskId, boolean succeeded, long finalValue) {
        running.remove(taskId);
        if (ended.add(taskId) && succeeded) {
            finished += finalValue;
        }
    }

    public synchronized long total() {
        long sum = finished;
        for (long value : running.values()) {
            sum += value;
        }
        return sum;
    }
}

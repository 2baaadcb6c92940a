package io.faceengine.jobs.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of long driver-side work, logged at most every interval as
 * {@code detect: 1200/5000 images (24.0%), 35.2/s, ETA 1m48s}. Thread-safe: several threads
 * (or Spark listener callbacks) may report into one log.
 */
public final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final String task;
    private final String unit;
    private final long total;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Consumer<String> sink;
    private final long startNanos;
    private long done;
    private long lastLogNanos;

    public ProgressLog(String task, String unit, long total) {
        this(task, unit, total, Duration.ofSeconds(30), System::nanoTime, LOG::info);
    }

    public ProgressLog(String task, String unit, long total, Duration interval, LongSupplier nanoClock,
                       Consumer<String> sink) {
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.sink = sink;
        this.startNanos = nanoClock.getAsLong();
        this.lastLogNanos = startNanos;
    }

    /**
     * Sets the units done so far (a sum polled from elsewhere, which may even step back when a
     * failed task's partial count is dropped); logs if the interval has passed since the last line.
     */
    public void reached(long doneNow) {
        String line;
        synchronized (this) {
            line = moveTo(doneNow);
        }
        if (line != null) {
            sink.accept(line);
        }
    }

    /** The line to log, or null when the interval has not passed yet. */
    private String moveTo(long doneNow) {
        done = doneNow;
        long now = nanoClock.getAsLong();
        if (now - lastLogNanos < intervalNanos) {
            return null;
        }
        lastLogNanos = now;
        return line(done, now - startNanos);
    }

    /** Logs the final line (always). */
    public void finish() {
        String line;
        synchronized (this) {
            line = line(done, nanoClock.getAsLong() - startNanos);
        }
        sink.accept(line);
    }

    String line(long doneNow, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? doneNow / seconds : 0;
        StringBuilder sb = new StringBuilder(task).append(": ").append(doneNow);
        if (total > 0) {
            sb.append('/').append(total).append(' ').append(unit)
                    .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * doneNow / total));
        } else {
            sb.append(' ').append(unit);
        }
        sb.append(String.format(Locale.ROOT, ", %.1f/s", rate));
        if (total > 0 && doneNow < total && rate > 0) {
            sb.append(", ETA ").append(duration((long) Math.ceil((total - doneNow) / rate)));
        } else if (total > 0 && doneNow >= total) {
            sb.append(", took ").append(duration((long) Math.ceil(seconds)));
        }
        return sb.toString();
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(Locale.ROOT, "%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format(Locale.ROOT, "%02dm", seconds % 3600 / 60);
    }
}

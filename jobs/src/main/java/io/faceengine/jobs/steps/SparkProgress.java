package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.ProgressLog;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a Spark action on the driver: executors add to an accumulator, and a driver
 * thread feeds its value into a {@link ProgressLog} (done/total, rate, ETA) while the action runs.
 */
final class SparkProgress implements AutoCloseable {
    private final LongAccumulator counter;
    private final ProgressLog log;
    private final ScheduledExecutorService poller;
    private long reported;

    SparkProgress(SparkSession spark, String task, String unit, long total) {
        this.counter = spark.sparkContext().longAccumulator(task);
        this.log = new ProgressLog(task, unit, total);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress-" + task);
            t.setDaemon(true);
            return t;
        });
        poller.scheduleAtFixedRate(this::report, 5, 5, TimeUnit.SECONDS);
    }

    LongAccumulator counter() {
        return counter;
    }

    private synchronized void report() {
        long now = counter.value();
        log.advance(now - reported);
        reported = now;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        report();
        log.finish();
    }
}

package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.ProgressLog;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a Spark action on the driver: executors add to an accumulator after each batch,
 * an {@link AccumulatorListener} sums what running and finished tasks reported, and a driver
 * thread feeds that sum into a {@link ProgressLog} (done/total, rate, ETA) while the action runs.
 */
final class SparkProgress implements AutoCloseable {
    private final SparkContext context;
    private final LongAccumulator counter;
    private final AccumulatorListener listener;
    private final ProgressLog log;
    private final ScheduledExecutorService poller;

    SparkProgress(SparkSession spark, String task, String unit, long total) {
        this(spark, new ProgressLog(task, unit, total), task);
    }

    SparkProgress(SparkSession spark, ProgressLog log, String task) {
        this.context = spark.sparkContext();
        this.counter = context.longAccumulator(task);
        this.listener = new AccumulatorListener(counter.id());
        this.log = log;
        context.addSparkListener(listener);
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

    /** Units done so far, including what running tasks reported with their last heartbeat. */
    long done() {
        return listener.total();
    }

    private void report() {
        log.reached(done());
    }

    @Override
    public void close() {
        poller.shutdownNow();
        context.removeSparkListener(listener);
        // The listener bus may not have delivered the last task ends yet; the accumulator has them.
        log.reached(Math.max(done(), counter.value()));
        log.finish();
    }
}

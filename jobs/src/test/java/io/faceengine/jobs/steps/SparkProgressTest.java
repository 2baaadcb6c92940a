package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.ProgressLog;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.stage.BatchingIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress moves while a single partition is still being worked on, in a real local Spark. */
class SparkProgressTest {
    private static final int BATCHES = 5;

    @Test
    void progressMovesPerBatchBeforeThePartitionEnds() throws Exception {
        SparkSession spark = TestRuns.session();
        // Each batch takes about one heartbeat interval, so several heartbeats fall inside the one task.
        long pauseMs = spark.sparkContext().conf().getTimeAsMs("spark.executor.heartbeatInterval", "10s");
        List<String> lines = new CopyOnWriteArrayList<>();
        ProgressLog log = new ProgressLog("test", "rows", BATCHES, Duration.ZERO, System::nanoTime, lines::add);
        List<Long> seenWhileRunning = new CopyOnWriteArrayList<>();
        try (SparkProgress progress = new SparkProgress(spark, log, "progress-test")) {
            LongAccumulator done = progress.counter();
            CompletableFuture<Long> job = CompletableFuture.supplyAsync(() ->
                    new JavaSparkContext(spark.sparkContext()).parallelize(IntStream.range(0, BATCHES).boxed().toList(), 1)
                            .mapPartitions(rows -> new BatchingIterator<>(rows, 1, batch -> {
                                pause(pauseMs);
                                done.add(batch.size());
                                return batch;
                            })).count());
            while (!job.isDone()) {
                seenWhileRunning.add(progress.done());
                Thread.sleep(100);
            }
            assertEquals(BATCHES, job.get());
        }
        assertTrue(seenWhileRunning.stream().anyMatch(n -> n > 0 && n < BATCHES),
                "no value between 0 and " + BATCHES + " while the only task ran: " + seenWhileRunning.stream().distinct().toList());
        assertTrue(lines.get(lines.size() - 1).startsWith("test: 5/5 rows (100.0%)"), lines.toString());
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

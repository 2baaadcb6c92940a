package io.faceengine.clustering.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** Runs chunks 0..chunks-1 on a few threads that take the next chunk when done, so uneven chunks balance. */
final class ParallelChunks {
    private ParallelChunks() {
    }

    /** @param perWorker called once per worker thread, so each worker can own its scratch buffers */
    static void run(int chunks, int threads, String name, Supplier<IntConsumer> perWorker) {
        int workers = Math.max(1, Math.min(threads, chunks));
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                done.add(pool.submit(() -> {
                    IntConsumer work = perWorker.get();
                    for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                        work.accept(c);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.faceengine.api;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Works out answers on a fixed number of threads and gives each request at most the answer
 * timeout, waiting included: a hung Elasticsearch (or data root) makes every request answer 503
 * after that time, side by side, instead of one after another. Work cut off this way still runs
 * to its end (bounded by the Elasticsearch client's own timeouts); its result is dropped.
 */
final class RequestWorkers implements AutoCloseable {
    /** Requests waiting for a worker beyond which new ones are refused at once. */
    private static final int MAX_WAITING = 1000;

    private final ThreadPoolExecutor pool;
    private final Duration timeout;

    RequestWorkers(int threads, Duration timeout) {
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_WAITING),
                work -> {
                    Thread thread = new Thread(work, "review-api-worker-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.timeout = timeout;
    }

    /** The work's answer; 503 when it takes longer than the answer timeout or too many wait already. */
    Reply answer(Callable<Reply> work) {
        Future<Reply> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "busy", "too many requests are waiting; retry shortly");
        }
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            pool.remove((Runnable) future);
            throw new ApiException(503, "timed_out", "no answer within " + timeout.toMillis() + " ms: Elasticsearch or the"
                    + " data root is slow or unreachable; retry later. A claim, decision or undo sent may still take"
                    + " effect: send the same request again to learn its outcome");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "shutting_down", "the server is stopping");
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.faceengine.api;

import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IndexSetup;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Creates the engine's missing indices on first use; while Elasticsearch is down, the next request
 * tries again. One request checks at a time; the others answer 503 at once instead of queueing
 * behind it, so a hung Elasticsearch is not waited for once per request.
 */
final class IndicesOnce {
    private final ElasticsearchConnection connection;
    private final ReentrantLock checking = new ReentrantLock();
    private volatile boolean ready;

    IndicesOnce(ElasticsearchConnection connection) {
        this.connection = connection;
    }

    void ensure() {
        if (ready) {
            return;
        }
        if (!checking.tryLock()) {
            throw new ApiException(503, "elasticsearch_unavailable",
                    "Elasticsearch is not ready yet (its indices are being checked); retry shortly");
        }
        try {
            if (!ready) {
                IndexSetup.ensure(connection.client(), connection.options());
                ready = true;
            }
        } finally {
            checking.unlock();
        }
    }
}

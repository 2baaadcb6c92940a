package io.faceengine.api;

import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IndexSetup;

/** Creates the engine's missing indices on first use; while Elasticsearch is down, the next request tries again. */
final class IndicesOnce {
    private final ElasticsearchConnection connection;
    private volatile boolean ready;

    IndicesOnce(ElasticsearchConnection connection) {
        this.connection = connection;
    }

    void ensure() {
        if (!ready) {
            synchronized (this) {
                if (!ready) {
                    IndexSetup.ensure(connection.client(), connection.options());
                    ready = true;
                }
            }
        }
    }
}

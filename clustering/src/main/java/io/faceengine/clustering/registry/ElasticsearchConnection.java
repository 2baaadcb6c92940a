package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.ElasticsearchTransport;

import java.io.IOException;
import java.io.UncheckedIOException;

/** An open client and the options it was made from; closing it releases the HTTP connections. */
public final class ElasticsearchConnection implements AutoCloseable {
    private final ElasticsearchOptions options;
    private final ElasticsearchTransport transport;
    private final ElasticsearchClient client;

    ElasticsearchConnection(ElasticsearchOptions options, ElasticsearchTransport transport, ElasticsearchClient client) {
        this.options = options;
        this.transport = transport;
        this.client = client;
    }

    public ElasticsearchOptions options() {
        return options;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /**
     * The cluster's health (green, yellow or red). Uses {@code _cluster/health} because some
     * distributions do not serve {@code GET /}.
     */
    public String clusterHealth() {
        return ElasticsearchCalls.call(options, "cluster health",
                () -> client.cluster().health().status().jsonValue());
    }

    public IdentityRegistry identityRegistry() {
        return new ElasticsearchIdentityRegistry(client, options);
    }

    public ReviewQueueIndex reviewQueue() {
        return new ReviewQueueIndex(client, options);
    }

    public DecisionLogIndex decisionLog() {
        return new DecisionLogIndex(client, options);
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the Elasticsearch client for " + options.url(), e);
        }
    }
}

package io.faceengine.jobs.testing;

import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.pipeline.testing.TestIndexTemplate;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Run options that point a test's runs at the real Elasticsearch the build started (system
 * property {@code faceengine.es.url}), under index names of their own, and removes them afterwards.
 */
public final class TestIndices implements AutoCloseable {
    private final String url;
    private final String prefix;

    private TestIndices(String url, String prefix) {
        this.url = url;
        this.prefix = prefix;
    }

    public static TestIndices create(String name) {
        String url = System.getProperty("faceengine.es.url", ElasticsearchOptions.DEFAULT_URL);
        TestIndexTemplate.install(url);
        String prefix = ("test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        try (ElasticsearchConnection connection = ElasticsearchClients.open(options(url, prefix))) {
            connection.clusterHealth();
        } catch (RuntimeException e) {
            throw new AssertionError("no Elasticsearch at " + url + ": start it with scripts/elasticsearch.sh start", e);
        }
        return new TestIndices(url, prefix);
    }

    public List<String> runOptions() {
        return List.of("--set", "elasticsearch.url=" + url, "--set", "elasticsearch.indexPrefix=" + prefix);
    }

    public ElasticsearchConnection connect() {
        return ElasticsearchClients.open(options(url, prefix));
    }

    /** The options the runs use, for other clients of the same indices (e.g. the review API). */
    public ElasticsearchOptions options() {
        return options(url, prefix);
    }

    @Override
    public void close() throws Exception {
        try (ElasticsearchConnection connection = connect()) {
            // Named one by one: the server refuses wildcard deletes.
            List<String> names = java.util.Arrays.stream(RegistryIndex.values())
                    .map(index -> index.indexName(options(url, prefix))).toList();
            connection.client().indices().delete(d -> d.index(names).ignoreUnavailable(true));
        }
    }

    private static ElasticsearchOptions options(String url, String prefix) {
        return ElasticsearchOptions.defaults().withUrl(url).withIndexPrefix(prefix);
    }
}

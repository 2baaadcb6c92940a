package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.faceengine.pipeline.testing.TestIndexTemplate;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A connection to the real Elasticsearch the tests run against (system property
 * faceengine.es.url, set by the build) with its own random index prefix; closing it deletes that
 * prefix's indices. There is no fallback: without a server the tests fail and say how to start one.
 */
final class TestElasticsearch implements AutoCloseable {
    static final String URL_PROPERTY = "faceengine.es.url";

    final ElasticsearchOptions options;
    final ElasticsearchConnection connection;

    private TestElasticsearch(ElasticsearchOptions options) {
        this.options = options;
        this.connection = ElasticsearchClients.open(options);
    }

    /** A fresh prefix on the test server, whose indices are not created yet. */
    static TestElasticsearch open() {
        return open(ElasticsearchOptions.defaults().centroidDims());
    }

    static TestElasticsearch open(int centroidDims) {
        String url = System.getProperty(URL_PROPERTY, ElasticsearchOptions.DEFAULT_URL);
        TestIndexTemplate.install(url);
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        ElasticsearchOptions d = ElasticsearchOptions.defaults();
        TestElasticsearch es = new TestElasticsearch(
                new ElasticsearchOptions(url, prefix, d.requestTimeout(), centroidDims, d.knnNumCandidates()));
        try {
            es.connection.clusterHealth();
        } catch (RegistryUnavailableException e) {
            es.connection.close();
            fail("no Elasticsearch at " + url + " (system property " + URL_PROPERTY
                    + "): start it with scripts/elasticsearch.sh start. " + e.getMessage(), e);
        }
        return es;
    }

    ElasticsearchClient client() {
        return connection.client();
    }

    /** Creates the indices, as every program does before using them. */
    TestElasticsearch withIndices() {
        IndexSetup.ensure(client(), options);
        return this;
    }

    @Override
    public void close() throws Exception {
        try {
            // Explicit names: wildcard deletes are refused by default.
            String[] names = Arrays.stream(RegistryIndex.values()).map(i -> i.indexName(options)).toArray(String[]::new);
            client().indices().delete(d -> d.index(Arrays.asList(names)).ignoreUnavailable(true));
        } finally {
            connection.close();
        }
    }

    /** A Gaussian random vector; not unit length, as centroids of several faces are not. */
    static float[] randomVector(Random random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    /** Cosine similarity in double precision, the reference for what Elasticsearch reports. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}

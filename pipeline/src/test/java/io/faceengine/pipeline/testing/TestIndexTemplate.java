package io.faceengine.pipeline.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Makes the tests' own Elasticsearch indices (every test prefix starts with {@value #PATTERN_PREFIX})
 * refresh every 100 ms instead of every second. Writes that wait for a refresh, as the registry and
 * the review API's do, then wait a tenth as long, which is most of the Elasticsearch tests' time.
 * Only indices named like the tests' match the template; production settings are untouched.
 * Installed once per test JVM, before a test creates its first index; the template stays on the
 * test server, where installing it again is a no-op.
 */
public final class TestIndexTemplate {
    static final String PATTERN_PREFIX = "test-";
    private static final String NAME = "face-engine-tests-fast-refresh";
    private static final String BODY = """
            {"index_patterns": ["%s*"], "priority": 7,
             "template": {"settings": {"index": {"refresh_interval": "100ms"}}}}""".formatted(PATTERN_PREFIX);
    private static boolean installed;

    private TestIndexTemplate() {
    }

    /** Installs the template on the server at {@code url} (the first node of a comma-separated list). */
    public static synchronized void install(String url) {
        if (installed) {
            return;
        }
        String node = url.split(",")[0].trim().replaceAll("/+$", "");
        HttpRequest put = HttpRequest.newBuilder(URI.create(node + "/_index_template/" + NAME))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(BODY))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("index template " + NAME + " refused by " + node + ": " + response.body());
            }
        } catch (IOException e) {
            throw new AssertionError("no Elasticsearch at " + node + ": start it with scripts/elasticsearch.sh start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while installing index template " + NAME, e);
        }
        installed = true;
    }
}

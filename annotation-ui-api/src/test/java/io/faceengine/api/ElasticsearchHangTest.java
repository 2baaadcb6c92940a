package io.faceengine.api;

import io.faceengine.clustering.registry.ElasticsearchOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Elasticsearch that accepts connections but never answers (frozen, overloaded), made real with a
 * TCP proxy that stops forwarding: requests must answer 503 side by side within the answer
 * timeout, not one after another at the Elasticsearch client's timeout each.
 */
class ElasticsearchHangTest {
    /** The Elasticsearch client's own timeout, per call. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);
    static final int REQUESTS = 10;

    @TempDir
    static Path dir;
    static CuttableProxy proxy;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        URI es = URI.create(System.getProperty("faceengine.es.url", ElasticsearchOptions.DEFAULT_URL));
        proxy = new CuttableProxy(es.getHost(), es.getPort());
        // Hung from the start, so the server has not even checked its indices yet.
        proxy.stall();
        api = ApiTestServer.start(dir, null,
                o -> new ElasticsearchOptions(proxy.url(), o.indexPrefix(), CLIENT_TIMEOUT, o.centroidDims(), o.knnNumCandidates()),
                o -> o.withLimits(new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), ANSWER_TIMEOUT)));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            api.close();
        } finally {
            proxy.close();
        }
    }

    @Test
    void requestsWhileElasticsearchHangsAnswer503TogetherAndServiceResumes() throws Exception {
        String run = ApiTestServer.newRun();
        long start = System.nanoTime();
        List<CompletableFuture<Long>> answered = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            CompletableFuture<HttpResponse<String>> response = api.http.sendAsync(HttpRequest.newBuilder(
                            api.uri("/api/review-items?run=" + run)).header("Authorization", "Bearer " + ALICE).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            responses.add(response);
            answered.add(response.thenApply(r -> System.nanoTime() - start));
        }
        long slowest = 0;
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> r = responses.get(i).get();
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            assertFalse(r.body().contains(proxy.url()), "no internal address: " + r.body());
            slowest = Math.max(slowest, answered.get(i).get());
        }
        // Served one after another at the client's timeout each, the last would take 10 x 5 s (or
        // 3 x 5 s on 4 threads); side by side they all answer at the 1 s answer timeout.
        Duration last = Duration.ofNanos(slowest);
        assertTrue(last.compareTo(CLIENT_TIMEOUT.multipliedBy(2)) < 0,
                "the last of " + REQUESTS + " requests answered after " + last.toMillis() + " ms");

        proxy.restore();
        api.seed(run, List.of(ApiTestServer.item(run, "a", 2)));
        HttpResponse<String> resumed = awaitAnswer("/api/review-items?run=" + run);
        assertEquals(run + "-a", json(resumed).path("items").get(0).path("item_id").asText());
    }

    /** The first 200, once the work cut off while Elasticsearch hung has drained. */
    private static HttpResponse<String> awaitAnswer(String path) throws Exception {
        HttpResponse<String> r = null;
        for (int attempt = 0; attempt < 120; attempt++) {
            r = api.get(path, ALICE);
            if (r.statusCode() == 200) {
                return r;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the API did not recover after Elasticsearch did: " + r.body());
    }
}

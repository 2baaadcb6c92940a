package io.faceengine.api;

import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.IndexSetup;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.RegistryUnavailableException;
import io.faceengine.clustering.registry.ReviewItem;
import io.faceengine.clustering.registry.ReviewKind;
import io.faceengine.clustering.registry.ReviewStatus;
import io.faceengine.pipeline.testing.TestIndexTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A review API served in-process against the real Elasticsearch (system property
 * faceengine.es.url) under a fresh index prefix, with a movable clock, four callers (alice and
 * bob annotate, rita reviews, ada administers) and HTTP helpers. Closing it deletes its indices.
 */
final class ApiTestServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LEASE = Duration.ofMinutes(10);
    static final String ALICE = "alice-token", BOB = "bob-token", RITA = "rita-token", ADA = "ada-token";

    /** The test's own connection, always straight to Elasticsearch. */
    final ElasticsearchOptions options;
    final ElasticsearchConnection connection;
    final ReviewApiServerTest.TestClock clock = new ReviewApiServerTest.TestClock();
    final ApiTokens tokens;
    final ReviewApiServer server;
    final HttpClient http = HttpClient.newHttpClient();

    private ApiTestServer(Path dir, Path dataRoot, UnaryOperator<ElasticsearchOptions> serverElasticsearch,
                          UnaryOperator<ApiOptions> serverOptions) throws IOException {
        String url = System.getProperty("faceengine.es.url", ElasticsearchOptions.DEFAULT_URL);
        TestIndexTemplate.install(url);
        String prefix = "test-api-" + UUID.randomUUID().toString().substring(0, 12).toLowerCase(Locale.ROOT);
        options = ElasticsearchOptions.defaults().withUrl(url).withIndexPrefix(prefix);
        connection = ElasticsearchClients.open(options);
        try {
            connection.clusterHealth();
        } catch (RegistryUnavailableException e) {
            fail("no Elasticsearch at " + url + " (system property faceengine.es.url): start it with"
                    + " scripts/elasticsearch.sh start. " + e.getMessage(), e);
        }
        IndexSetup.ensure(connection.client(), options);
        Path tokensFile = Files.createDirectories(dir).resolve("tokens-" + prefix + ".yaml");
        Files.writeString(tokensFile, ApiTokens.sha256Hex(ALICE) + ": {name: alice, role: annotator}\n"
                + ApiTokens.sha256Hex(BOB) + ": {name: bob, role: annotator}\n"
                + ApiTokens.sha256Hex(RITA) + ": {name: rita, role: reviewer}\n"
                + ApiTokens.sha256Hex(ADA) + ": {name: ada, role: admin}\n");
        tokens = ApiTokens.load(tokensFile);
        server = ReviewApiServer.start(serverOptions.apply(
                new ApiOptions("127.0.0.1", 0, LEASE, 4, serverElasticsearch.apply(options), dataRoot)), tokens, clock);
    }

    /** With {@code dataRoot} (null for none). */
    static ApiTestServer start(Path dir, Path dataRoot) throws IOException {
        return new ApiTestServer(dir, dataRoot, o -> o, o -> o);
    }

    /** The server reaches Elasticsearch through the options {@code serverElasticsearch} makes of the test's. */
    static ApiTestServer start(Path dir, Path dataRoot, UnaryOperator<ElasticsearchOptions> serverElasticsearch)
            throws IOException {
        return new ApiTestServer(dir, dataRoot, serverElasticsearch, o -> o);
    }

    /** As above, and the server runs with the options {@code serverOptions} makes of the usual ones. */
    static ApiTestServer start(Path dir, Path dataRoot, UnaryOperator<ElasticsearchOptions> serverElasticsearch,
                               UnaryOperator<ApiOptions> serverOptions) throws IOException {
        return new ApiTestServer(dir, dataRoot, serverElasticsearch, serverOptions);
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            // Explicit names: the server refuses wildcard deletes.
            List<String> names = Arrays.stream(RegistryIndex.values()).map(i -> i.indexName(options)).toList();
            connection.client().indices().delete(d -> d.index(names).ignoreUnavailable(true));
            connection.close();
        }
    }

    static String newRun() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A cluster item {@code <run>-<suffix>} with faces {@code <item>-f1 … -f<size>}. */
    static ReviewItem item(String run, String suffix, int size) {
        return item(run, suffix, ReviewKind.CLUSTER, faces(run + "-" + suffix, size), null);
    }

    static ReviewItem item(String run, String suffix, ReviewKind kind, List<String> faceIds, JsonNode details) {
        return new ReviewItem(run + "-" + suffix, run, "set-" + suffix, kind, List.of("r"), 1f, 0.5f, faceIds.size(),
                "c-" + suffix, null, List.of(), faceIds, ReviewStatus.OPEN, Instant.parse("2026-01-01T00:00:00Z"), details);
    }

    static List<String> faces(String itemId, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            out.add(itemId + "-f" + i);
        }
        return out;
    }

    void seed(String run, List<ReviewItem> items) {
        connection.reviewQueue().replaceRunItems(run, items);
    }

    /** A document as Elasticsearch holds it, read around the API. */
    ObjectNode stored(RegistryIndex index, String id) throws IOException {
        GetResponse<ObjectNode> r = connection.client().get(g -> g.index(index.indexName(options)).id(id), ObjectNode.class);
        return r.found() ? r.source() : null;
    }

    /** The audit log entries of one item, read around the API (refreshed, so just written ones count). */
    List<JsonNode> logOf(String itemId) throws IOException {
        String index = RegistryIndex.DECISIONS.indexName(options);
        connection.client().indices().refresh(r -> r.index(index));
        List<JsonNode> out = new ArrayList<>();
        connection.client().search(s -> s.index(index).size(100)
                        .query(q -> q.term(t -> t.field("item_id").value(itemId))), ObjectNode.class)
                .hits().hits().forEach(h -> out.add(h.source()));
        return out;
    }

    /** Claims the item as {@code token}'s holder; the decision body for it with {@code kind} and faces. */
    String claimedDecision(String itemId, String token, String kind, String... faceIds) throws Exception {
        HttpResponse<String> claimed = post("/api/review-items/" + itemId + "/claim", token, "");
        assertEquals(200, claimed.statusCode(), claimed.body());
        JsonNode item = json(claimed);
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", kind);
        if (faceIds.length > 0) {
            body.putArray("faceIds").addAll(Arrays.stream(faceIds).map(JSON.getNodeFactory()::textNode).toList());
        }
        body.put("seqNo", item.path("seq_no").asLong());
        body.put("primaryTerm", item.path("primary_term").asLong());
        return body.toString();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    HttpResponse<byte[]> download(String path, String token, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        JsonNode node = JSON.readTree(r.body());
        assertNotNull(node, r.body());
        return node;
    }
}

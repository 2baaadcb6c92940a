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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The review API served in-process against the real Elasticsearch (system property faceengine.es.url). */
class ReviewApiServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final String ALICE = "alice-token", BOB = "bob-token", RITA = "rita-token";

    @TempDir
    static Path dir;

    static ElasticsearchOptions options;
    static ElasticsearchConnection connection;
    static TestClock clock;
    static ApiTokens tokens;
    static ReviewApiServer server;
    static HttpClient http;
    static Path dataRoot;
    /** Committed manifest summaries (versions 1 and 2), an uncommitted one (3), and their data. */
    static ObjectNode summary1, summary2, summary3;
    static byte[] data1, data2, data3;
    static final String R0 = "20260101-000000-000000", R1 = "20260102-000000-111111", R2 = "20260103-000000-222222",
            R3 = "20260104-000000-333333";
    static final String FILE1 = "part-00000-aaaa-c000.snappy.parquet", FILE2 = "part-00000-bbbb-c000.snappy.parquet",
            FILE3 = "part-00000-cccc-c000.snappy.parquet";

    /** A clock the test moves forward, so lease expiry needs no waiting. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @BeforeAll
    static void start() throws IOException {
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
        Path tokensFile = dir.resolve("tokens.yaml");
        Files.writeString(tokensFile, ApiTokens.sha256Hex(ALICE) + ": {name: alice, role: annotator}\n"
                + ApiTokens.sha256Hex(BOB) + ": {name: bob, role: annotator}\n"
                + ApiTokens.sha256Hex(RITA) + ": {name: rita, role: reviewer}\n");
        tokens = ApiTokens.load(tokensFile);
        clock = new TestClock();
        dataRoot = writeDataRoot(dir.resolve("data"));
        server = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, LEASE, 4, options, dataRoot), tokens, clock);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            // Explicit names: the server refuses wildcard deletes.
            List<String> names = Arrays.stream(RegistryIndex.values()).map(i -> i.indexName(options)).toList();
            connection.client().indices().delete(d -> d.index(names).ignoreUnavailable(true));
            connection.close();
        }
    }

    @Test
    void listsOpenItemsByPriorityThenIdWithFiltersAndPages() throws Exception {
        String run = newRun();
        seed(run, List.of(
                item(run, "c", "set-a", 0.5f, 3, List.of("outlier")),
                item(run, "a", "set-a", 0.9f, 10, List.of("low_margin")),
                item(run, "b", "set-b", 0.5f, 7, List.of("low_margin", "outlier")),
                item(run, "d", "set-b", 0.1f, 1, List.of("low_margin"))));

        assertEquals(List.of(run + "-a", run + "-b", run + "-c", run + "-d"), ids(get("/api/review-items?run=" + run, ALICE)));
        assertEquals(List.of(run + "-b", run + "-d"), ids(get("/api/review-items?run=" + run + "&set=set-b", ALICE)));
        assertEquals(List.of(run + "-b", run + "-c"), ids(get("/api/review-items?run=" + run + "&reason=outlier", ALICE)));
        assertEquals(List.of(run + "-a", run + "-b"), ids(get("/api/review-items?run=" + run + "&minSize=5", ALICE)));

        List<String> paged = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(get("/api/review-items?run=" + run + "&limit=3" + (after == null ? "" : "&after=" + after), ALICE));
            page.path("items").forEach(i -> paged.add(i.path("item_id").asText()));
            after = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        } while (after != null);
        assertEquals(List.of(run + "-a", run + "-b", run + "-c", run + "-d"), paged);
        assertEquals(2, pages);

        assertEquals(400, get("/api/review-items?limit=0", ALICE).statusCode());
        assertEquals(400, get("/api/review-items?after=garbage", ALICE).statusCode());
    }

    @Test
    void twoConcurrentClaimsOneWinsAndAnExpiredLeaseCanBeReclaimed() throws Exception {
        String run = newRun();
        seed(run, List.of(item(run, "x", "s", 1f, 2, List.of("r"))));
        String path = "/api/review-items/" + run + "-x/claim";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<HttpResponse<String>>> claims = List.of(() -> {
                go.await();
                return post(path, ALICE, "");
            }, () -> {
                go.await();
                return post(path, BOB, "");
            });
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            claims.forEach(c -> futures.add(pool.submit(c)));
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            String winner = null;
            for (Future<HttpResponse<String>> f : futures) {
                HttpResponse<String> r = f.get();
                statuses.add(r.statusCode());
                bodies.add(r.body());
                if (r.statusCode() == 200) {
                    winner = json(r).path("claimed_by").asText();
                } else {
                    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
                    assertFalse(json(r).path("error").asText().isEmpty(), r.body());
                }
            }
            statuses.sort(null);
            assertEquals(List.of(200, 409), statuses, bodies.toString());
            assertEquals(winner, stored(run + "-x").path("claimed_by").asText());
            String loser = winner.equals("alice") ? BOB : ALICE;

            assertEquals(409, post(path, loser, "").statusCode());
            assertTrue(ids(get("/api/review-items?run=" + run, ALICE)).isEmpty(), "a claimed item is not listed");

            clock.now.updateAndGet(t -> t.plus(LEASE).plusSeconds(1));
            assertEquals(List.of(run + "-x"), ids(get("/api/review-items?run=" + run, ALICE)), "expired lease lists again");
            HttpResponse<String> reclaim = post(path, loser, "");
            assertEquals(200, reclaim.statusCode(), reclaim.body());
            assertEquals(loser.equals(ALICE) ? "alice" : "bob", json(reclaim).path("claimed_by").asText());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aRepublishKeepsAClaimAndItsLease() throws Exception {
        String run = newRun();
        List<ReviewItem> items = List.of(item(run, "p", "s", 1f, 2, List.of("r")));
        seed(run, items);
        assertEquals(200, post("/api/review-items/" + run + "-p/claim", ALICE, "").statusCode());
        seed(run, items);
        assertEquals("claimed", stored(run + "-p").path("status").asText());
        assertEquals("alice", stored(run + "-p").path("claimed_by").asText());
        assertTrue(ids(get("/api/review-items?run=" + run, BOB)).isEmpty(), "still alice's");
        assertEquals(409, post("/api/review-items/" + run + "-p/claim", BOB, "").statusCode());
    }

    @Test
    void staleOrUnleasedDecisionIsRefusedAndNothingIsStored() throws Exception {
        String run = newRun();
        seed(run, List.of(item(run, "s", "s", 1f, 2, List.of("r"))));
        String id = run + "-s";
        JsonNode claimed = json(post("/api/review-items/" + id + "/claim", ALICE, ""));
        long seq = claimed.path("seq_no").asLong();
        long term = claimed.path("primary_term").asLong();

        HttpResponse<String> stale = post("/api/review-items/" + id + "/decision", ALICE, decision("confirm", seq - 1, term));
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals("stale", json(stale).path("error").asText());
        HttpResponse<String> notHolder = post("/api/review-items/" + id + "/decision", BOB, decision("confirm", seq, term));
        assertEquals(409, notHolder.statusCode(), notHolder.body());
        assertEquals("lease_not_held", json(notHolder).path("error").asText());

        assertEquals("claimed", stored(id).path("status").asText());
        assertTrue(decisionsFor(id).isEmpty());
    }

    @Test
    void validDecisionIsStoredMarksTheItemAndShowsInTheAuditLog() throws Exception {
        String run = newRun();
        seed(run, List.of(item(run, "v", "s", 1f, 3, List.of("r"))));
        String id = run + "-v";
        JsonNode claimed = json(post("/api/review-items/" + id + "/claim", ALICE, ""));
        long seq = claimed.path("seq_no").asLong();
        long term = claimed.path("primary_term").asLong();

        String notInItem = "{\"kind\":\"split\",\"faceIds\":[\"nope\"],\"seqNo\":" + seq + ",\"primaryTerm\":" + term + "}";
        assertEquals(400, post("/api/review-items/" + id + "/decision", ALICE, notInItem).statusCode());

        String body = "{\"kind\":\"split\",\"faceIds\":[\"" + id + "-f1\"],\"seqNo\":" + seq + ",\"primaryTerm\":" + term + "}";
        HttpResponse<String> decided = post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, decided.statusCode(), decided.body());

        JsonNode item = stored(id);
        assertEquals("decided", item.path("status").asText());
        List<JsonNode> log = decisionsFor(id);
        assertEquals(1, log.size());
        JsonNode entry = log.get(0);
        assertEquals("split", entry.path("kind").asText());
        assertEquals("alice", entry.path("annotator").asText());
        assertEquals(seq, entry.path("item_seq_no").asLong());
        assertEquals(term, entry.path("item_primary_term").asLong());
        assertEquals(List.of(id + "-f1"), strings(entry.path("face_ids")));
        assertEquals(clock.instant().toString(), entry.path("decided_at").asText());
        assertEquals(entry.path("decision_id").asText(), item.path("decision_id").asText());

        // The same answer again (a retry whose reply was lost) is answered with the stored decision;
        // another answer on that state, or anyone else's, is refused; a decided item cannot be claimed.
        HttpResponse<String> again = post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(json(decided), json(again));
        HttpResponse<String> changedMind = post("/api/review-items/" + id + "/decision", ALICE, body.replace("-f1", "-f2"));
        assertEquals(409, changedMind.statusCode(), changedMind.body());
        assertEquals("already_decided", json(changedMind).path("error").asText());
        assertEquals(409, post("/api/review-items/" + id + "/decision", BOB, body).statusCode());
        assertEquals(409, post("/api/review-items/" + id + "/claim", BOB, "").statusCode());
        assertEquals(1, decisionsFor(id).size());
        assertTrue(ids(get("/api/review-items?run=" + run, ALICE)).isEmpty());
    }

    @Test
    void tokensAndRolesAreChecked() throws Exception {
        assertEquals(401, send(HttpRequest.newBuilder(uri("/api/review-items")).GET().build()).statusCode());
        HttpResponse<String> unknown = get("/api/review-items", "not-a-token");
        assertEquals(401, unknown.statusCode());
        assertEquals("unauthorized", json(unknown).path("error").asText());
        assertEquals(401, send(HttpRequest.newBuilder(uri("/api/openapi.json")).GET().build()).statusCode());
        HttpResponse<String> forbidden = get("/api/decisions", ALICE);
        assertEquals(403, forbidden.statusCode());
        assertEquals("forbidden", json(forbidden).path("error").asText());
        assertEquals(200, get("/api/decisions", RITA).statusCode());
        assertEquals(404, post("/api/review-items/no-such-item/claim", ALICE, "").statusCode());

        String face = "0".repeat(64) + ":0";
        for (String path : List.of("/api/review-items/x", "/api/progress", "/api/identities/x",
                "/api/runs/" + R1 + "/faces/" + face + "/crop.jpg", "/api/runs/..%2F..%2Fetc/faces/" + face + "/crop.jpg")) {
            assertEquals(401, send(HttpRequest.newBuilder(uri(path)).GET().build()).statusCode(), path);
            assertEquals(401, get(path, "not-a-token").statusCode(), path);
        }
        assertEquals(401, send(HttpRequest.newBuilder(uri("/api/decisions/x@1.0/undo"))
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
        assertEquals(403, get("/api/progress", BOB).statusCode());
    }

    @Test
    void idsAndFiltersNotOfTheEnginesFormAreRefusedBeforeElasticsearch() throws Exception {
        String longId = "a".repeat(600);
        List<String> refused = List.of("/api/review-items/..%2F..%2F_search", "/api/identities/..%2F..%2F_search",
                "/api/review-items/%2F_cat%2Findices", "/api/identities/_search%3Fq%3D*", "/api/review-items/" + longId,
                "/api/identities/" + longId, "/api/review-items/" + longId + "/claim", "/api/review-items?run=" + longId,
                "/api/review-items?set=a%2Fb", "/api/review-items?reason=%00", "/api/progress?run=" + longId,
                "/api/decisions?annotator=al%0Aice", "/api/decisions?annotator=" + longId,
                "/api/review-items?after=" + longId + longId);
        for (String path : refused) {
            HttpResponse<String> r = path.endsWith("/claim") ? post(path, ALICE, "") : get(path, RITA);
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertEquals("bad_request", json(r).path("error").asText(), path);
            assertFalse(r.body().contains(options.url()) || r.body().contains(options.indexPrefix()), r.body());
        }
        HttpResponse<String> fine = get("/api/review-items/" + "a".repeat(256), ALICE);
        assertEquals(404, fine.statusCode(), "an id of the right form that names nothing: " + fine.body());
        assertFalse(fine.body().contains(options.indexPrefix()), fine.body());
    }

    @Test
    void jsonAnswersAreNeverCachedOrSniffed() throws Exception {
        for (HttpResponse<String> r : List.of(get("/api/openapi.json", ALICE), get("/api/review-items", ALICE),
                get("/api/review-items", "not-a-token"), get("/api/manifests/1", ALICE), get("/api/nothing", ALICE))) {
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""), r.uri().toString());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), r.uri().toString());
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), r.uri().toString());
        }
    }

    @Test
    void badBodiesAreRefused() throws Exception {
        String run = newRun();
        seed(run, List.of(item(run, "m", "s", 1f, 2, List.of("r"))));
        String path = "/api/review-items/" + run + "-m/decision";
        HttpResponse<String> malformed = post(path, ALICE, "{\"kind\": \"confirm\",");
        assertEquals(400, malformed.statusCode());
        assertEquals("bad_request", json(malformed).path("error").asText());
        assertEquals(400, post(path, ALICE, decision("maybe", 0, 1)).statusCode());
        assertEquals(400, post(path, ALICE, "{\"kind\":\"name\",\"seqNo\":0,\"primaryTerm\":1}").statusCode());
        assertEquals(400, post(path, ALICE, "{\"kind\":\"remove\",\"seqNo\":0,\"primaryTerm\":1}").statusCode(),
                "remove names the faces");
        assertEquals(400, post(path, ALICE, "{\"kind\":\"remove\",\"faceIds\":\"f1\",\"seqNo\":0,\"primaryTerm\":1}").statusCode());
        assertEquals(400, post(path, ALICE, "{\"kind\":\"confirm\",\"seqNo\":0,\"primaryTerm\":1,\"x\":1}").statusCode());
        assertEquals(400, post(path, ALICE, "{\"kind\":\"confirm\",\"seqNo\":\"0\",\"primaryTerm\":1}").statusCode());

        String big = "{\"kind\":\"confirm\",\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        HttpResponse<String> tooLarge = post(path, ALICE, big);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("payload_too_large", json(tooLarge).path("error").asText());
        assertEquals("open", stored(run + "-m").path("status").asText());
    }

    @Test
    void unreachableElasticsearchAnswers503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ElasticsearchOptions down = options.withUrl("http://127.0.0.1:" + closedPort);
        try (ReviewApiServer offline = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, LEASE, 2, down), tokens, clock)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + offline.port() + "/api/review-items"))
                    .header("Authorization", "Bearer " + ALICE).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("elasticsearch_unavailable", json(r).path("error").asText());
            assertTrue(json(r).path("message").asText().contains("unreachable"), r.body());
            assertFalse(r.body().contains(String.valueOf(closedPort)) || r.body().contains(options.indexPrefix()),
                    "no internal address or index: " + r.body());
        }
    }

    @Test
    void openApiDescribesEveryRoute() throws Exception {
        HttpResponse<String> r = get("/api/openapi.json", ALICE);
        assertEquals(200, r.statusCode());
        JsonNode doc = json(r);
        assertTrue(doc.path("openapi").asText().startsWith("3."));
        Set<String> described = new java.util.TreeSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        assertEquals(new java.util.TreeSet<>(ReviewApiServer.ROUTES), described);
    }

    /**
     * A data root as the jobs leave it: committed-runs.json lists R0 (no manifest), R1 (version 1)
     * and R2 (version 2); R3 published version 3 but never committed.
     */
    private static Path writeDataRoot(Path root) throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("committed-runs.json"), "{\n  \"runs\" : [ {\n    \"runId\" : \"" + R0
                + "\",\n    \"committedAt\" : \"2026-01-01T00:10:00Z\"\n  }, {\n    \"runId\" : \"" + R1
                + "\",\n    \"committedAt\" : \"2026-01-02T00:10:00Z\"\n  }, {\n    \"runId\" : \"" + R2
                + "\",\n    \"committedAt\" : \"2026-01-03T00:10:00Z\"\n  } ]\n}\n");
        Files.createDirectories(root.resolve("runs").resolve(R0).resolve("faces"));
        data1 = TestManifests.fakeParquet(1, 3000);
        data2 = TestManifests.fakeParquet(2, 70_000);
        data3 = TestManifests.fakeParquet(3, 500);
        summary1 = TestManifests.write(root, R1, 1, null, FILE1, data1, Map.of());
        // A summary naming a path outside its folder must still not make that path readable.
        summary2 = TestManifests.write(root, R2, 2, 1, FILE2, data2,
                Map.of("../../../../committed-runs.json",
                        TestManifests.sha256(Files.readAllBytes(root.resolve("committed-runs.json")))));
        summary3 = TestManifests.write(root, R3, 3, 2, FILE3, data3, Map.of());
        // On disk next to the data but not listed in the summary.
        Files.write(root.resolve("runs").resolve(R1).resolve("manifest").resolve("faces").resolve("part-unlisted.parquet"), data3);
        Files.writeString(root.resolve("runs").resolve(R1).resolve("manifest").resolve("faces").resolve("_SUCCESS"), "");
        return root;
    }

    @Test
    void listsOnlyCommittedManifestVersionsOldestFirst() throws Exception {
        HttpResponse<String> r = get("/api/manifests", ALICE);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode list = json(r);
        assertTrue(list.isArray(), r.body());
        assertEquals(2, list.size(), r.body());
        List<ObjectNode> expected = List.of(summary1, summary2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = list.get(i);
            List<String> fields = new ArrayList<>();
            row.fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("version", "parentVersion", "runId", "createdAt", "faces", "identities"), fields);
            for (String field : fields) {
                assertEquals(expected.get(i).get(field), row.get(field), field);
            }
        }
        assertTrue(list.get(0).path("parentVersion").isNull());
        assertEquals(R2, list.get(1).path("runId").asText());
        assertEquals(200, get("/api/manifests", RITA).statusCode(), "a reviewer covers annotator");
    }

    @Test
    void servesACommittedSummaryAsWritten() throws Exception {
        HttpResponse<String> r = get("/api/manifests/2", ALICE);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(summary2, json(r));
        assertEquals(summary1, json(get("/api/manifests/1", ALICE)));

        HttpResponse<String> uncommitted = get("/api/manifests/3", ALICE);
        assertEquals(404, uncommitted.statusCode(), uncommitted.body());
        assertEquals("not_found", json(uncommitted).path("error").asText());
        assertEquals(404, get("/api/manifests/9", ALICE).statusCode());
        for (String bad : List.of("0", "-1", "abc", "1.0", "01", "%31x", "99999999999999999999")) {
            HttpResponse<String> b = get("/api/manifests/" + bad, ALICE);
            assertEquals(400, b.statusCode(), bad + ": " + b.body());
            assertEquals("bad_request", json(b).path("error").asText());
        }
        assertEquals(400, get("/api/manifests/x/files/" + FILE1, ALICE).statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(uri("/api/manifests/1")).header("Authorization", "Bearer " + ALICE)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode());
    }

    @Test
    void downloadsAListedDataFileWithItsChecksumAsETag() throws Exception {
        HttpResponse<byte[]> r = download("/api/manifests/2/files/" + FILE2, ALICE);
        assertEquals(200, r.statusCode());
        assertTrue(Arrays.equals(data2, r.body()), "the file's bytes");
        assertEquals("\"" + TestManifests.sha256(data2) + "\"", r.headers().firstValue("ETag").orElse(""));
        assertEquals(summary2.path("files").path(FILE2).asText(), TestManifests.sha256(r.body()));
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.valueOf(data2.length), r.headers().firstValue("Content-Length").orElse(""));
        assertEquals("private, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""),
                "a file that needs a token is for the caller's cache only");

        HttpResponse<byte[]> first = download("/api/manifests/1/files/" + FILE1, ALICE);
        assertEquals(200, first.statusCode());
        assertTrue(Arrays.equals(data1, first.body()));
        assertEquals("\"" + TestManifests.sha256(data1) + "\"", first.headers().firstValue("ETag").orElse(""));
    }

    @Test
    void onlyFilesListedInTheSummaryCanBeRead() throws Exception {
        List<String> refused = List.of(
                "/api/manifests/1/files/../../../../committed-runs.json",
                "/api/manifests/1/files/..%2F..%2F..%2F..%2Fcommitted-runs.json",
                "/api/manifests/1/files/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcommitted-runs.json",
                "/api/manifests/1/files/%2E%2E%2F%2E%2E%2F..%2f..%2Fcommitted-runs.json",
                // listed (by a bad summary) but outside the version's folder
                "/api/manifests/2/files/..%2F..%2F..%2F..%2Fcommitted-runs.json",
                "/api/manifests/2/files/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcommitted-runs.json",
                "/api/manifests/1/files/..%2Fsummary.json",
                "/api/manifests/1/files/%2e%2e",
                "/api/manifests/1/files/",
                "/api/manifests/1/files/part-unlisted.parquet",
                "/api/manifests/1/files/_SUCCESS",
                "/api/manifests/1/files/" + FILE2,
                "/api/manifests/3/files/" + FILE3,
                "/api/manifests/9/files/" + FILE1,
                "/api/manifests/1/files/" + FILE1 + "/x",
                "/api/manifests/1/other/" + FILE1);
        for (String path : refused) {
            HttpResponse<String> r = get(path, ALICE);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertEquals("not_found", json(r).path("error").asText(), path);
            assertFalse(r.body().contains(R1) && r.body().contains("committedAt"), path + " leaked the pointer file");
        }
    }

    @Test
    void manifestEndpointsNeedAToken() throws Exception {
        for (String path : List.of("/api/manifests", "/api/manifests/1", "/api/manifests/1/files/" + FILE1)) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET().build());
            assertEquals(401, r.statusCode(), path);
            assertEquals("unauthorized", json(r).path("error").asText());
            assertEquals(401, get(path, "not-a-token").statusCode(), path);
        }
    }

    @Test
    void withoutADataRootManifestEndpointsAnswer404() throws Exception {
        try (ReviewApiServer bare = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, LEASE, 2, options), tokens, clock)) {
            for (String path : List.of("/api/manifests", "/api/manifests/1", "/api/manifests/1/files/" + FILE1)) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bare.port() + path))
                        .header("Authorization", "Bearer " + ALICE).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), path);
                assertEquals("not_found", json(r).path("error").asText());
                assertTrue(json(r).path("message").asText().contains("without a data root"), r.body());
            }
        }
    }

    @Test
    void anUnreadableDataRootAnswers503AndAnInvalidOne500() throws Exception {
        Path missing = dir.resolve("no-such-data-root");
        try (ReviewApiServer api = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, LEASE, 2, options, missing), tokens, clock)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/manifests"))
                    .header("Authorization", "Bearer " + ALICE).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("data_root_unavailable", json(r).path("error").asText());
        }
        Path broken = Files.createDirectories(dir.resolve("broken-data-root"));
        Files.writeString(broken.resolve("committed-runs.json"), "{\"runs\": [");
        try (ReviewApiServer api = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, LEASE, 2, options, broken), tokens, clock)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/manifests/1"))
                    .header("Authorization", "Bearer " + ALICE).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode(), r.body());
            assertEquals("data_root_invalid", json(r).path("error").asText());
        }
    }

    private static HttpResponse<byte[]> download(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String newRun() {
        return "run-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ReviewItem item(String run, String suffix, String set, float priority, int size, List<String> reasons) {
        String id = run + "-" + suffix;
        List<String> faces = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            faces.add(id + "-f" + i);
        }
        return new ReviewItem(id, run, set, ReviewKind.CLUSTER, reasons, priority, 0.5f, size, "c-" + suffix, null,
                List.of(), faces, ReviewStatus.OPEN, Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    private static void seed(String run, List<ReviewItem> items) {
        connection.reviewQueue().replaceRunItems(run, items);
    }

    private static ObjectNode stored(String id) throws IOException {
        GetResponse<ObjectNode> r = connection.client().get(g -> g.index(RegistryIndex.REVIEW_ITEMS.indexName(options)).id(id),
                ObjectNode.class);
        assertTrue(r.found(), id);
        return r.source();
    }

    /** The audit log as a reviewer reads it, narrowed to one item. */
    private static List<JsonNode> decisionsFor(String itemId) throws Exception {
        HttpResponse<String> r = get("/api/decisions?limit=500", RITA);
        assertEquals(200, r.statusCode(), r.body());
        List<JsonNode> out = new ArrayList<>();
        json(r).path("decisions").forEach(d -> {
            if (d.path("item_id").asText().equals(itemId)) {
                out.add(d);
            }
        });
        return out;
    }

    private static String decision(String kind, long seq, long term) {
        return "{\"kind\":\"" + kind + "\",\"seqNo\":" + seq + ",\"primaryTerm\":" + term + "}";
    }

    private static List<String> ids(HttpResponse<String> r) throws IOException {
        assertEquals(200, r.statusCode(), r.body());
        List<String> out = new ArrayList<>();
        json(r).path("items").forEach(i -> out.add(i.path("item_id").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        JsonNode node = JSON.readTree(r.body());
        assertNotNull(node, r.body());
        return node;
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

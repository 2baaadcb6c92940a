package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Elasticsearch going away in the middle of a decision or an undo, made real with a TCP proxy
 * between the API and the shared server that the test cuts: the API answers 503 with a message
 * saying what to do, nothing half-applied is lost, and the same request sent again completes it.
 */
class ElasticsearchOutageTest {
    @TempDir
    static Path dir;
    static CuttableProxy proxy;
    static ApiTestServer api;
    static String decisionCreate;

    @BeforeAll
    static void start() throws Exception {
        URI es = URI.create(System.getProperty("faceengine.es.url", ElasticsearchOptions.DEFAULT_URL));
        proxy = new CuttableProxy(es.getHost(), es.getPort());
        // A short timeout, so a request the proxy swallowed cannot hang the test for the default 30 s.
        api = ApiTestServer.start(dir, null, o -> new ElasticsearchOptions(proxy.url(), o.indexPrefix(), Duration.ofSeconds(5),
                o.centroidDims(), o.knnNumCandidates()));
        decisionCreate = "/" + RegistryIndex.DECISIONS.indexName(api.options) + "/_create/";
    }

    @AfterEach
    void restore() {
        proxy.restore();
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
    void aDecisionWhileElasticsearchIsDownAnswers503AndAppliesNothing() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "x", 2), ApiTestServer.item(run, "y", 2)));
        String id = run + "-x";
        String body = api.claimedDecision(id, ALICE, "confirm");

        proxy.cut();
        HttpResponse<String> down = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(503, down.statusCode(), down.body());
        assertEquals("application/json", down.headers().firstValue("Content-Type").orElse(""));
        assertEquals("elasticsearch_unavailable", json(down).path("error").asText());
        assertTrue(json(down).path("message").asText().contains("unreachable"), down.body());
        assertEquals(503, api.get("/api/review-items?run=" + run, ALICE).statusCode());
        assertEquals("claimed", api.stored(RegistryIndex.REVIEW_ITEMS, id).path("status").asText(), "nothing applied");
        assertFalse(api.stored(RegistryIndex.REVIEW_ITEMS, id).has("decision_id"));
        assertTrue(api.logOf(id).isEmpty());

        proxy.restore();
        assertEquals(List.of(run + "-y"), listed(run), "service resumes");
        HttpResponse<String> decided = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, decided.statusCode(), decided.body());
        assertEquals(1, api.logOf(id).size());
    }

    @Test
    void aDecisionCutBetweenItsTwoWritesIsCompletedByTheSameRequestSentAgain() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "x", 2), ApiTestServer.item(run, "y", 2)));
        String id = run + "-x";
        String body = api.claimedDecision(id, ALICE, "split", id + "-f1");

        proxy.cutOnRequest(decisionCreate);
        HttpResponse<String> cut = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(503, cut.statusCode(), cut.body());
        assertEquals("elasticsearch_unavailable", json(cut).path("error").asText());
        assertTrue(json(cut).path("message").asText().contains("send the same decision again"), cut.body());
        JsonNode item = api.stored(RegistryIndex.REVIEW_ITEMS, id);
        assertEquals("decided", item.path("status").asText(), "the item write went through");
        assertTrue(api.logOf(id).isEmpty(), "the log write did not");
        assertEquals(503, api.get("/api/review-items?run=" + run, ALICE).statusCode(), "still down");

        proxy.restore();
        HttpResponse<String> retried = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals(item.path("decision"), json(retried), "the decision the item holds");
        assertEquals(1, api.logOf(id).size());
        assertEquals(item.path("decision"), api.logOf(id).get(0));

        HttpResponse<String> again = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, again.statusCode(), again.body());
        assertEquals(json(retried), json(again));
        assertEquals(1, api.logOf(id).size(), "exactly one log entry");
        assertEquals(409, api.post("/api/review-items/" + id + "/decision", BOB, body).statusCode(), "only its annotator's retry");

        assertEquals(List.of(run + "-y"), listed(run), "service resumes");
        assertEquals(200, api.post("/api/review-items/" + run + "-y/claim", BOB, "").statusCode());
    }

    @Test
    void anUndoCutBeforeItsLogEntryIsCompletedBySendingItAgain() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "u", 2)));
        String id = run + "-u";
        HttpResponse<String> decided = api.post("/api/review-items/" + id + "/decision", ALICE,
                api.claimedDecision(id, ALICE, "confirm"));
        String undoPath = "/api/decisions/" + json(decided).path("decision_id").asText() + "/undo";

        proxy.cutOnRequest(decisionCreate + "undo");
        HttpResponse<String> cut = api.post(undoPath, RITA, "");
        assertEquals(503, cut.statusCode(), cut.body());
        assertEquals(1, api.logOf(id).size(), "the undo is not logged yet");

        proxy.restore();
        HttpResponse<String> completed = api.post(undoPath, RITA, "");
        assertEquals(201, completed.statusCode(), completed.body());
        assertEquals("undo", json(completed).path("kind").asText());
        assertEquals(2, api.logOf(id).size());
        assertEquals("open", api.stored(RegistryIndex.REVIEW_ITEMS, id).path("status").asText());
        HttpResponse<String> done = api.post(undoPath, RITA, "");
        assertEquals(409, done.statusCode(), done.body());
        assertEquals("already_undone", json(done).path("error").asText());
    }

    private static List<String> listed(String run) throws Exception {
        HttpResponse<String> r = api.get("/api/review-items?run=" + run, ALICE);
        assertEquals(200, r.statusCode(), r.body());
        return java.util.stream.StreamSupport.stream(json(r).path("items").spliterator(), false)
                .map(i -> i.path("item_id").asText()).toList();
    }
}

package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.JSON;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /api/progress: per-annotator figures and item counts, from aggregations over what the API stored. */
class ProgressTest extends ApiServerPerClass {
    @Test
    void countsDecisionsPerAnnotatorAndItemsPerState() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "a", 2), ApiTestServer.item(run, "b", 2), ApiTestServer.item(run, "c", 2),
                ApiTestServer.item(run, "d", 2), ApiTestServer.item(run, "e", 2), ApiTestServer.item(run, "f", 2)));
        Instant t0 = api.clock.instant();
        String aliceFirst = decide(run + "-a", ALICE, "confirm");
        api.clock.now.updateAndGet(t -> t.plusSeconds(1));
        decide(run + "-b", ALICE, "split", run + "-b-f1");
        api.clock.now.updateAndGet(t -> t.plusSeconds(1));
        decide(run + "-c", BOB, "remove", run + "-c-f2");
        assertEquals(200, api.post("/api/review-items/" + run + "-d/claim", BOB, "").statusCode());

        // Two hours on: bob's lease on d has expired, alice decides e, rita undoes alice's first decision, bob holds f.
        api.clock.now.updateAndGet(t -> t.plus(Duration.ofHours(2)));
        Instant later = api.clock.instant();
        decide(run + "-e", ALICE, "confirm");
        assertEquals(201, api.post("/api/decisions/" + aliceFirst + "/undo", RITA, "").statusCode());
        assertEquals(200, api.post("/api/review-items/" + run + "-f/claim", BOB, "").statusCode());

        HttpResponse<String> r = api.get("/api/progress?run=" + run, RITA);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode report = json(r);
        assertEquals(later.toString(), report.path("as_of").asText());
        assertEquals(run, report.path("run").asText());
        assertEquals(JSON.readTree("{\"open\": 2, \"claimed\": 1, \"decided\": 3, \"superseded\": 0}"), report.path("items"),
                "a reopened and d's lease expired; f held; b, c, e decided");
        JsonNode annotators = report.path("annotators");
        assertEquals(3, annotators.size(), r.body());
        assertEquals(row("alice", 3, t0, later, 1, 1, "{\"confirm\": 2, \"split\": 1}"), annotators.get(0));
        assertEquals(row("bob", 1, t0.plusSeconds(2), t0.plusSeconds(2), 0, 0, "{\"remove\": 1}"), annotators.get(1));
        assertEquals(row("rita", 1, later, later, 1, 0, "{\"undo\": 1}"), annotators.get(2));

        assertEquals(annotators, json(api.get("/api/progress", RITA)).path("annotators"), "this index holds one run");
        HttpResponse<String> annotator = api.get("/api/progress", ALICE);
        assertEquals(403, annotator.statusCode());
        assertEquals("forbidden", json(annotator).path("error").asText());
    }

    private static String decide(String itemId, String token, String kind, String... faces) throws Exception {
        HttpResponse<String> r = api.post("/api/review-items/" + itemId + "/decision", token,
                api.claimedDecision(itemId, token, kind, faces));
        assertEquals(201, r.statusCode(), r.body());
        return json(r).path("decision_id").asText();
    }

    private static JsonNode row(String annotator, int decisions, Instant first, Instant last, int lastHour, int undone,
                                String byKind) throws Exception {
        return JSON.readTree("{\"annotator\": \"" + annotator + "\", \"decisions\": " + decisions
                + ", \"first_decision_at\": \"" + first + "\", \"last_decision_at\": \"" + last + "\", \"last_hour\": " + lastHour
                + ", \"undone\": " + undone + ", \"by_kind\": " + byKind + "}");
    }
}

package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.ReviewKind;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which decision fits which item (reject, remove), and undoing a decision. */
class DecisionRulesAndUndoTest extends ApiServerPerClass {
    @Test
    void rejectIsForMergeItemsAndRemoveNamesTheFacesThatAreNotThisPerson() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "c", 3),
                ApiTestServer.item(run, "m", ReviewKind.MERGE, List.of(run + "-m-f1", run + "-m-f2"), null)));
        String cluster = run + "-c", merge = run + "-m";

        HttpResponse<String> rejected = api.post("/api/review-items/" + cluster + "/decision", ALICE,
                api.claimedDecision(cluster, ALICE, "reject"));
        assertEquals(400, rejected.statusCode(), rejected.body());
        String message = json(rejected).path("message").asText();
        assertTrue(message.contains("split") && message.contains("remove"), message);
        assertEquals("claimed", api.stored(RegistryIndex.REVIEW_ITEMS, cluster).path("status").asText(), "nothing stored");

        HttpResponse<String> removed = api.post("/api/review-items/" + cluster + "/decision", ALICE,
                api.claimedDecision(cluster, ALICE, "remove", cluster + "-f2", cluster + "-f3"));
        assertEquals(201, removed.statusCode(), removed.body());
        List<JsonNode> log = api.logOf(cluster);
        assertEquals(1, log.size());
        assertEquals("remove", log.get(0).path("kind").asText());
        assertEquals(List.of(cluster + "-f2", cluster + "-f3"), List.of(log.get(0).path("face_ids").get(0).asText(),
                log.get(0).path("face_ids").get(1).asText()));

        HttpResponse<String> mergeRejected = api.post("/api/review-items/" + merge + "/decision", BOB,
                api.claimedDecision(merge, BOB, "reject"));
        assertEquals(201, mergeRejected.statusCode(), mergeRejected.body());
        assertEquals("reject", json(mergeRejected).path("kind").asText());
    }

    @Test
    void nonsenseDecisionsAreRefusedAndNothingIsStored() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "n", 3)));
        String id = run + "-n", f1 = id + "-f1", f2 = id + "-f2", f3 = id + "-f3";
        JsonNode claimed = json(api.post("/api/review-items/" + id + "/claim", ALICE, ""));
        String state = ",\"seqNo\":" + claimed.path("seq_no").asLong() + ",\"primaryTerm\":" + claimed.path("primary_term").asLong();
        List<String> refused = List.of(
                "{\"kind\":\"split\",\"faceIds\":[\"" + f1 + "\",\"" + f1 + "\"]" + state + "}",
                "{\"kind\":\"split\",\"faceIds\":[\"" + f1 + "\",\"" + f2 + "\",\"" + f3 + "\"]" + state + "}",
                "{\"kind\":\"split\",\"faceIds\":[\"" + f3 + "\",\"" + f2 + "\",\"" + f1 + "\",\"" + f1 + "\"]" + state + "}",
                "{\"kind\":\"remove\",\"faceIds\":[\"" + f1 + "\",\"" + f2 + "\",\"" + f3 + "\"]" + state + "}",
                "{\"kind\":\"confirm\",\"faceIds\":[\"" + f1 + "\"]" + state + "}",
                "{\"kind\":\"name\",\"name\":\"Ann\",\"faceIds\":[\"" + f1 + "\"]" + state + "}",
                "{\"kind\":\"merge\"" + state + "}",
                "{\"kind\":\"not_a_face\",\"faceIds\":[\"" + f1 + "\",\"" + f1 + "\"]" + state + "}",
                "{\"kind\":\"remove\",\"faceIds\":[\"x/../" + f1 + "\"]" + state + "}");
        for (String body : refused) {
            HttpResponse<String> r = api.post("/api/review-items/" + id + "/decision", ALICE, body);
            assertEquals(400, r.statusCode(), body + ": " + r.body());
            assertEquals("bad_request", json(r).path("error").asText(), body);
        }
        assertEquals("claimed", api.stored(RegistryIndex.REVIEW_ITEMS, id).path("status").asText(), "nothing stored");
        assertTrue(api.logOf(id).isEmpty());

        HttpResponse<String> whole = api.post("/api/review-items/" + id + "/decision", ALICE,
                "{\"kind\":\"not_a_face\",\"faceIds\":[\"" + f1 + "\",\"" + f2 + "\",\"" + f3 + "\"]" + state + "}");
        assertEquals(201, whole.statusCode(), "not_a_face may name every face: " + whole.body());
    }

    @Test
    void anUndoIsLoggedMarksTheDecisionAndReopensTheItemOnce() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "u", 2)));
        String id = run + "-u";
        api.clock.now.updateAndGet(t -> t.plusSeconds(60));
        JsonNode decision = json(api.post("/api/review-items/" + id + "/decision", ALICE,
                api.claimedDecision(id, ALICE, "split", id + "-f2")));
        String decisionId = decision.path("decision_id").asText();
        String undoPath = "/api/decisions/" + decisionId + "/undo";

        HttpResponse<String> notHers = api.post(undoPath, BOB, "");
        assertEquals(403, notHers.statusCode(), notHers.body());
        assertEquals("forbidden", json(notHers).path("error").asText());
        assertEquals("decided", api.stored(RegistryIndex.REVIEW_ITEMS, id).path("status").asText());

        api.clock.now.updateAndGet(t -> t.plusSeconds(60));
        HttpResponse<String> undone = api.post(undoPath, ALICE, "");
        assertEquals(201, undone.statusCode(), undone.body());
        JsonNode undo = json(undone);
        assertEquals("undo", undo.path("kind").asText());
        assertEquals(decisionId, undo.path("undoes").asText());
        assertEquals("alice", undo.path("annotator").asText());
        assertEquals(api.clock.instant().toString(), undo.path("decided_at").asText());

        ObjectNode marked = api.stored(RegistryIndex.DECISIONS, decisionId);
        assertTrue(marked.path("undone").asBoolean(), marked.toString());
        assertEquals(undo, marked.path("undo"));
        assertEquals("split", marked.path("kind").asText(), "the undone entry keeps what it said");
        ObjectNode item = api.stored(RegistryIndex.REVIEW_ITEMS, id);
        assertEquals("open", item.path("status").asText());
        for (String gone : List.of("decision", "decision_id", "claimed_by", "claimed_until")) {
            assertFalse(item.has(gone), gone + " removed: " + item);
        }
        assertEquals(2, api.logOf(id).size(), "the decision and its undo");
        JsonNode listed = json(api.get("/api/decisions?limit=10", RITA)).path("decisions");
        assertEquals(undo.path("decision_id").asText(), listed.get(0).path("decision_id").asText(), "newest first");
        assertTrue(json(api.get("/api/review-items?run=" + run, BOB)).path("items").size() == 1, "open for claiming again");

        HttpResponse<String> twice = api.post(undoPath, RITA, "");
        assertEquals(409, twice.statusCode(), twice.body());
        assertEquals("already_undone", json(twice).path("error").asText());
        HttpResponse<String> undoOfUndo = api.post("/api/decisions/" + undo.path("decision_id").asText() + "/undo", RITA, "");
        assertEquals(400, undoOfUndo.statusCode(), undoOfUndo.body());
        assertEquals(404, api.post("/api/decisions/" + run + "-nothing@1.1/undo", RITA, "").statusCode());
        assertEquals(405, api.get(undoPath, RITA).statusCode());

        // Decided anew after the undo; a reviewer may undo anyone's decision.
        HttpResponse<String> redecided = api.post("/api/review-items/" + id + "/decision", BOB,
                api.claimedDecision(id, BOB, "confirm"));
        assertEquals(201, redecided.statusCode(), redecided.body());
        String second = json(redecided).path("decision_id").asText();
        assertFalse(second.equals(decisionId), "a new state, a new decision id");
        assertEquals(201, api.post("/api/decisions/" + second + "/undo", RITA, "").statusCode());
        assertEquals(4, api.logOf(id).size());
    }

    @Test
    void ofTwoConcurrentUndosOneWins() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "r", 2)));
        String id = run + "-r";
        String decisionId = json(api.post("/api/review-items/" + id + "/decision", ALICE,
                api.claimedDecision(id, ALICE, "confirm"))).path("decision_id").asText();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HttpResponse<String>>> undos = new ArrayList<>();
            for (String token : List.of(ALICE, RITA)) {
                undos.add(pool.submit(() -> {
                    go.await();
                    return api.post("/api/decisions/" + decisionId + "/undo", token, "");
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> undo : undos) {
                statuses.add(undo.get().statusCode());
            }
            statuses.sort(null);
            assertEquals(List.of(201, 409), statuses);
        } finally {
            pool.shutdown();
        }
        List<JsonNode> log = api.logOf(id);
        assertEquals(2, log.size(), "one decision, one undo: " + log);
        assertEquals("open", api.stored(RegistryIndex.REVIEW_ITEMS, id).path("status").asText());
        assertNull(api.stored(RegistryIndex.REVIEW_ITEMS, id).get("decision"));
    }
}

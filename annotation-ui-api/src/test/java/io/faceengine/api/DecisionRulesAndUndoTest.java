package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.ReviewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which decision fits which item (reject, remove). */
class DecisionRulesAndUndoTest {
    @TempDir
    static Path dir;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiTestServer.start(dir, null);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

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


}

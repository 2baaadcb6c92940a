package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.registry.RegistryIndex;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Items a later run superseded (it clustered their set again): shown, counted, never claimed or decided. */
class SupersededItemsTest extends ApiServerPerClass {
    @Test
    void aSupersededItemCannotBeClaimedOrDecidedButIsShownAndCounted() throws Exception {
        String run = ApiTestServer.newRun();
        api.seed(run, List.of(ApiTestServer.item(run, "a", 2), ApiTestServer.item(run, "b", 2)));
        String held = run + "-a", waiting = run + "-b";
        String decision = api.claimedDecision(held, ALICE, "confirm");
        // A later run clusters both items' sets again.
        api.connection.reviewQueue().supersedeOtherRuns(ApiTestServer.newRun(), List.of("set-a", "set-b"));

        for (String id : List.of(held, waiting)) {
            HttpResponse<String> claim = api.post("/api/review-items/" + id + "/claim", BOB, "");
            assertEquals(409, claim.statusCode(), claim.body());
            assertEquals("not_open", json(claim).path("error").asText());
            assertTrue(json(claim).path("message").asText().contains("superseded"), claim.body());
        }
        assertEquals(409, api.post("/api/review-items/" + held + "/decision", ALICE, decision).statusCode(),
                "the lease went with the question");
        assertEquals("superseded", api.stored(RegistryIndex.REVIEW_ITEMS, held).path("status").asText());
        assertTrue(api.logOf(held).isEmpty());

        assertEquals("superseded", json(api.get("/api/review-items/" + waiting, ALICE)).path("status").asText());
        assertEquals(0, json(api.get("/api/review-items?run=" + run, ALICE)).path("items").size());
        JsonNode items = json(api.get("/api/progress?run=" + run, RITA)).path("items");
        assertEquals(2, items.path("superseded").asInt(), items.toString());
        assertEquals(0, items.path("open").asInt() + items.path("claimed").asInt() + items.path("decided").asInt());
    }
}

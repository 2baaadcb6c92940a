package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.registry.RegistryIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.faceengine.api.ApiTestServer.ADA;
import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.BOB;
import static io.faceengine.api.ApiTestServer.LEASE;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How much of the queue an annotator may hold, for how long, and how a claim ends early. */
class ClaimRulesTest extends ApiServerPerClass {
    static final ClaimRules RULES = ClaimRules.defaults(LEASE);

    @BeforeEach
    void everyEarlierLeaseEnds() {
        api.clock.now.updateAndGet(t -> t.plus(RULES.maxHold()).plusSeconds(1));
    }

    @Test
    void anAnnotatorHoldsAtMostTheCapAndDecidingOrReleasingFreesAPlace() throws Exception {
        String run = ApiTestServer.newRun();
        int cap = RULES.maxOpenClaims();
        List<String> ids = new ArrayList<>();
        List<io.faceengine.clustering.registry.ReviewItem> items = new ArrayList<>();
        for (int i = 0; i <= cap + 1; i++) {
            items.add(ApiTestServer.item(run, "i" + i, 2));
            ids.add(run + "-i" + i);
        }
        api.seed(run, items);
        for (int i = 0; i < cap; i++) {
            assertEquals(200, claim(ids.get(i), ALICE).statusCode());
        }
        HttpResponse<String> over = claim(ids.get(cap), ALICE);
        assertEquals(409, over.statusCode(), over.body());
        assertEquals("claim_limit", json(over).path("error").asText());
        assertEquals("open", stored(ids.get(cap)).path("status").asText(), "not claimed");
        assertEquals(200, claim(ids.get(0), ALICE).statusCode(), "claiming one's own again is no new claim");
        assertEquals(200, claim(ids.get(cap), BOB).statusCode(), "the cap is per annotator");

        HttpResponse<String> decided = api.post("/api/review-items/" + ids.get(0) + "/decision", ALICE,
                api.claimedDecision(ids.get(0), ALICE, "confirm"));
        assertEquals(201, decided.statusCode(), decided.body());
        assertEquals(200, claim(ids.get(cap + 1), ALICE).statusCode(), "a decision frees a place");
        assertEquals(409, claim(ids.get(cap), ALICE).statusCode());
        assertEquals(200, post(ids.get(1), "release", ALICE).statusCode());
        assertEquals(409, claim(ids.get(cap), ALICE).statusCode(), "bob still holds this one");
        assertEquals(200, post(ids.get(cap), "release", BOB).statusCode());
        assertEquals(200, claim(ids.get(cap), ALICE).statusCode(), "a release frees a place");
    }

    @Test
    void claimingAgainRenewsTheLeaseButNeverPastTheLongestHold() throws Exception {
        String run = ApiTestServer.newRun();
        String id = run + "-h";
        api.seed(run, List.of(ApiTestServer.item(run, "h", 2)));
        Instant since = api.clock.instant();
        assertEquals(since.plus(LEASE), until(claim(id, ALICE)));

        Instant cap = since.plus(RULES.maxHold());
        Instant lastUntil = since.plus(LEASE);
        Instant now = since;
        // Renew a minute before each lease ends, until the lease is let run out.
        for (int renewal = 0; renewal < 20; renewal++) {
            now = now.plus(LEASE.minusMinutes(1));
            if (!now.isBefore(lastUntil)) {
                break;
            }
            api.clock.now.set(now);
            Instant renewed = until(claim(id, ALICE));
            Instant expected = now.plus(LEASE).isBefore(cap) ? now.plus(LEASE) : cap;
            assertEquals(expected, renewed, "renewed at " + now + "; the longest hold ends at " + cap);
            lastUntil = renewed;
        }
        assertEquals(cap, lastUntil, "renewals reach the longest hold");
        api.clock.now.set(cap.plusSeconds(1));
        HttpResponse<String> bobs = claim(id, BOB);
        assertEquals(200, bobs.statusCode(), "after the longest hold the item is open to everyone: " + bobs.body());
    }

    @Test
    void theHolderReleasesAnAdminRevokesAndNobodyElseDoes() throws Exception {
        String run = ApiTestServer.newRun();
        String a = run + "-a", b = run + "-b";
        api.seed(run, List.of(ApiTestServer.item(run, "a", 2), ApiTestServer.item(run, "b", 2)));
        assertEquals(409, post(a, "release", ALICE).statusCode(), "not claimed");
        assertEquals(200, claim(a, ALICE).statusCode());
        HttpResponse<String> notHers = post(a, "release", BOB);
        assertEquals(409, notHers.statusCode(), notHers.body());
        assertEquals("claimed", stored(a).path("status").asText());

        HttpResponse<String> released = post(a, "release", ALICE);
        assertEquals(200, released.statusCode(), released.body());
        assertEquals("open", json(released).path("status").asText());
        assertFalse(stored(a).has("claimed_by"));
        assertFalse(stored(a).has("claimed_until"));
        assertEquals(200, claim(a, BOB).statusCode(), "open to everyone again");

        assertEquals(200, claim(b, BOB).statusCode());
        assertEquals(403, post(b, "revoke", ALICE).statusCode());
        HttpResponse<String> reviewer = post(b, "revoke", RITA);
        assertEquals(403, reviewer.statusCode(), "revoking is for admins");
        assertEquals("forbidden", json(reviewer).path("error").asText());
        HttpResponse<String> revoked = post(b, "revoke", ADA);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("open", stored(b).path("status").asText());
        assertFalse(stored(b).has("claimed_by"));
        assertEquals(405, api.get("/api/review-items/" + b + "/release", ALICE).statusCode());
    }

    private static HttpResponse<String> claim(String id, String token) throws Exception {
        return post(id, "claim", token);
    }

    private static HttpResponse<String> post(String id, String action, String token) throws Exception {
        return api.post("/api/review-items/" + id + "/" + action, token, "");
    }

    private static Instant until(HttpResponse<String> claimed) throws Exception {
        assertEquals(200, claimed.statusCode(), claimed.body());
        JsonNode item = json(claimed);
        assertTrue(item.hasNonNull("claimed_until"), claimed.body());
        return Instant.parse(item.path("claimed_until").asText());
    }

    private static JsonNode stored(String id) throws Exception {
        return api.stored(RegistryIndex.REVIEW_ITEMS, id);
    }
}

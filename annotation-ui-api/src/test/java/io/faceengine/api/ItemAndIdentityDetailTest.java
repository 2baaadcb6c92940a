package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.ReviewKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.JSON;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/review-items/{id} (with the crops of its faces) and GET /api/identities/{id} (with its nearest identities). */
class ItemAndIdentityDetailTest {
    @TempDir
    static Path dir;
    static Path dataRoot;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        dataRoot = Files.createDirectories(dir.resolve("data"));
        api = ApiTestServer.start(dir, dataRoot);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void anItemComesWithItsStateItsDetailsAsStoredAndItsFacesCrops() throws Exception {
        String run = "20260105-000000-" + ApiTestServer.newRun().substring(4, 10);
        String f1 = TestCrops.faceId(run + "-a", 0), f2 = TestCrops.faceId(run + "-b", 0), f3 = TestCrops.faceId(run + "-b", 1);
        TestCrops.writeArchive(dataRoot, run, 0, Map.of(f1, TestCrops.jpeg(11), f2, TestCrops.jpeg(12), f3, TestCrops.jpeg(13)));
        ObjectNode details = JSON.createObjectNode();
        details.putArray("faces").addObject().put("face_id", f2).put("flag", "OUTLIER").put("similarity", 0.31).put("quality", 0.8);
        details.putArray("nearest").addObject().put("identity_id", "id-x").put("similarity", 0.55);
        details.put("something_new", "kept as it is");
        api.seed(run, List.of(ApiTestServer.item(run, "d", ReviewKind.CLUSTER, List.of(f1, f2, f3), details),
                ApiTestServer.item(run, "plain", 2)));
        String id = run + "-d";

        HttpResponse<String> r = api.get("/api/review-items/" + id, ALICE);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode item = json(r);
        assertEquals(details, item.path("details"), "details as stored");
        assertEquals("open", item.path("status").asText());
        List<String> urls = new ArrayList<>();
        List<String> faceIds = new ArrayList<>();
        item.path("faces").forEach(f -> {
            faceIds.add(f.path("face_id").asText());
            urls.add(f.path("crop_url").asText());
        });
        assertEquals(List.of(f1, f2, f3), faceIds, "in the item's order");
        assertEquals("/api/runs/" + run + "/faces/" + f2 + "/crop.jpg", urls.get(1));
        byte[][] expected = {TestCrops.jpeg(11), TestCrops.jpeg(12), TestCrops.jpeg(13)};
        for (int i = 0; i < urls.size(); i++) {
            HttpResponse<byte[]> crop = api.download(urls.get(i), ALICE);
            assertEquals(200, crop.statusCode(), urls.get(i));
            assertArrayEquals(expected[i], crop.body());
        }

        // The state it shows is the one a decision must name.
        HttpResponse<String> claimed = api.post("/api/review-items/" + id + "/claim", ALICE, "");
        assertEquals(200, claimed.statusCode(), claimed.body());
        JsonNode afterClaim = json(api.get("/api/review-items/" + id, ALICE));
        assertEquals(json(claimed).path("seq_no"), afterClaim.path("seq_no"));
        String body = "{\"kind\":\"remove\",\"faceIds\":[\"" + f2 + "\"],\"seqNo\":" + afterClaim.path("seq_no").asLong()
                + ",\"primaryTerm\":" + afterClaim.path("primary_term").asLong() + "}";
        HttpResponse<String> decided = api.post("/api/review-items/" + id + "/decision", ALICE, body);
        assertEquals(201, decided.statusCode(), decided.body());
        JsonNode decidedItem = json(api.get("/api/review-items/" + id, ALICE));
        assertEquals("decided", decidedItem.path("status").asText(), "decided items are shown too");
        assertEquals("remove", decidedItem.path("decision").path("kind").asText());

        JsonNode plain = json(api.get("/api/review-items/" + run + "-plain", ALICE));
        assertFalse(plain.has("details"), "no details stored, none shown");
        assertEquals(2, plain.path("faces").size());

        HttpResponse<String> missing = api.get("/api/review-items/" + run + "-nope", ALICE);
        assertEquals(404, missing.statusCode());
        assertEquals("not_found", json(missing).path("error").asText());
        assertEquals(405, api.post("/api/review-items/" + id, ALICE, "{}").statusCode());
    }

    @Test
    void anIdentityComesWithItsNearestIdentitiesByCosine() throws Exception {
        String prefix = "idt-" + ApiTestServer.newRun().substring(4);
        float[] a = direction(0, 1f, 0f), b = direction(0, 0.9f, 0.3f), c = direction(0, 0.2f, 0.95f), far = direction(5, 1f, 0f);
        api.connection.identityRegistry().upsertAll(List.of(
                identity(prefix + "-a", a, "Ada"), identity(prefix + "-b", b, null), identity(prefix + "-c", c, null),
                identity(prefix + "-far", far, null)));

        HttpResponse<String> r = api.get("/api/identities/" + prefix + "-a?k=2", ALICE);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode identity = json(r);
        assertEquals(prefix + "-a", identity.path("identity_id").asText());
        assertEquals("Ada", identity.path("name").asText());
        assertEquals(7, identity.path("face_count").asInt());
        assertEquals("auto", identity.path("status").asText());
        assertFalse(identity.has("centroid"), "192 numbers mean nothing to a person");
        assertEquals(192, identity.path("centroid_dims").asInt());
        JsonNode nearest = identity.path("nearest");
        assertEquals(2, nearest.size(), r.body());
        assertEquals(prefix + "-b", nearest.get(0).path("identity_id").asText());
        assertEquals(prefix + "-c", nearest.get(1).path("identity_id").asText());
        assertEquals(cosine(a, b), nearest.get(0).path("similarity").asDouble(), 1e-3);
        assertEquals(cosine(a, c), nearest.get(1).path("similarity").asDouble(), 1e-3);

        JsonNode all = json(api.get("/api/identities/" + prefix + "-a", ALICE));
        assertEquals(3, all.path("nearest").size(), "the default k covers every other identity here");
        all.path("nearest").forEach(n -> assertFalse(n.path("identity_id").asText().equals(prefix + "-a"), "not itself"));

        assertEquals(404, api.get("/api/identities/" + prefix + "-nobody", ALICE).statusCode());
        assertEquals(400, api.get("/api/identities/" + prefix + "-a?k=0", ALICE).statusCode());
        assertEquals(400, api.get("/api/identities/" + "x".repeat(513), ALICE).statusCode());
        assertTrue(api.stored(RegistryIndex.IDENTITIES, prefix + "-a").has("centroid"), "the index still holds it");
    }

    /** A 192-d vector with {@code x} and {@code y} in dimensions {@code at} and {@code at + 1}. */
    private static float[] direction(int at, float x, float y) {
        float[] v = new float[192];
        v[at] = x;
        v[at + 1] = y;
        return v;
    }

    private static double cosine(float[] u, float[] v) {
        double dot = 0, nu = 0, nv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * v[i];
            nu += u[i] * u[i];
            nv += v[i] * v[i];
        }
        return dot / Math.sqrt(nu * nv);
    }

    private static IdentityRecord identity(String id, float[] centroid, String name) {
        return new IdentityRecord(id, centroid, 7, List.of("set-a"), "run-1", "run-1", IdentityStatus.AUTO, name, "test@1", List.of());
    }
}

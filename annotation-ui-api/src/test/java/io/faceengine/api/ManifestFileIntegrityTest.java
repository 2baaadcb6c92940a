package io.faceengine.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Manifest files are served only from inside the data root and only as the bytes their summary's
 * SHA-256 names: a link planted in the data root, or a file damaged after publishing, is refused
 * with a clear error that quotes nothing of the file.
 */
class ManifestFileIntegrityTest {
    static final String GOOD = "20260101-000000-000001", LINKED = "20260102-000000-000002", DAMAGED = "20260103-000000-000003",
            LINKED_SUMMARY = "20260104-000000-000004";
    static final String FILE = "part-00000-dddd-c000.snappy.parquet";
    static final String SECRET = "secret-outside-the-data-root";

    @TempDir
    static Path dir;
    static ApiTestServer api;
    static byte[] data;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        data = TestManifests.fakeParquet(7, 5000);
        TestManifests.write(root, GOOD, 1, null, FILE, data, Map.of());

        // Version 2's data folder is a link to a folder outside the data root holding the listed file.
        TestManifests.write(root, LINKED, 2, 1, FILE, data, Map.of());
        Path faces = root.resolve("runs").resolve(LINKED).resolve("manifest").resolve("faces");
        Path outside = Files.createDirectories(dir.resolve("outside").resolve("faces"));
        Files.write(outside.resolve(FILE), data);
        Files.delete(faces.resolve(FILE));
        Files.delete(faces);
        Files.createSymbolicLink(faces, outside);

        // Version 3's file changed on disk after its summary was written.
        TestManifests.write(root, DAMAGED, 3, 2, FILE, data, Map.of());
        byte[] damaged = data.clone();
        damaged[2500] ^= 0x01;
        Files.write(root.resolve("runs").resolve(DAMAGED).resolve("manifest").resolve("faces").resolve(FILE), damaged);

        // Version 4's summary is a link to a file outside that is not JSON.
        Path secret = Files.writeString(dir.resolve("outside").resolve("secret.txt"), SECRET + "\n");
        Path summary4 = Files.createDirectories(root.resolve("runs").resolve(LINKED_SUMMARY).resolve("manifest"))
                .resolve("summary.json");
        Files.createSymbolicLink(summary4, secret);

        dataRoot = root;
        commit(GOOD, LINKED, DAMAGED);
        api = ApiTestServer.start(dir, root);
    }

    static Path dataRoot;

    /** Writes the pointer of committed runs; the API reads it on every request. */
    static void commit(String... runs) throws Exception {
        StringBuilder json = new StringBuilder("{\"runs\": [");
        for (int i = 0; i < runs.length; i++) {
            json.append(i == 0 ? "" : ", ").append("{\"runId\": \"").append(runs[i]).append("\"}");
        }
        Files.writeString(dataRoot.resolve("committed-runs.json"), json.append("]}").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    @Test
    void aListedFileIsServedPrivatelyAsItsChecksumSays() throws Exception {
        HttpResponse<byte[]> r = api.download("/api/manifests/1/files/" + FILE, ALICE);
        assertEquals(200, r.statusCode());
        assertArrayEquals(data, r.body());
        assertEquals("private, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""),
                "it needs a token, so no shared cache may keep it");
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals(200, api.download("/api/manifests/1/files/" + FILE, ALICE).statusCode(), "and again, checked before");
    }

    @Test
    void aDataFolderLinkedOutsideTheDataRootIsRefused() throws Exception {
        HttpResponse<String> r = api.get("/api/manifests/2/files/" + FILE, ALICE);
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("data_root_invalid", json(r).path("error").asText());
        assertTrue(json(r).path("message").asText().contains("outside the data root"), r.body());
        assertFalse(r.body().contains("outside/"), "the link's target is not named: " + r.body());
    }

    @Test
    void aFileThatNoLongerMatchesItsChecksumIsRefused() throws Exception {
        HttpResponse<String> r = api.get("/api/manifests/3/files/" + FILE, ALICE);
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("data_root_invalid", json(r).path("error").asText());
        assertTrue(json(r).path("message").asText().contains("SHA-256"), r.body());
    }

    @Test
    void aSummaryLinkedOutsideIsRefusedWithoutQuotingIt() throws Exception {
        commit(GOOD, LINKED, DAMAGED, LINKED_SUMMARY);
        try {
            HttpResponse<String> r = api.get("/api/manifests", ALICE);
            assertEquals(500, r.statusCode(), r.body());
            assertEquals("data_root_invalid", json(r).path("error").asText());
            assertFalse(r.body().contains("secret"), "nothing of the file outside is quoted: " + r.body());
        } finally {
            commit(GOOD, LINKED, DAMAGED);
        }
    }
}

package io.faceengine.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.faceengine.api.ApiTestServer.ALICE;
import static io.faceengine.api.ApiTestServer.RITA;
import static io.faceengine.api.ApiTestServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/runs/{runId}/faces/{faceId}/crop.jpg over crop archives in a data root. */
class CropEndpointTest {
    static final String RUN = "20260101-000000-aaaaaa", LATE = "20260102-000000-bbbbbb", LINKED = "20260103-000000-cccccc";
    static final String F1 = TestCrops.faceId("image-1", 0), F2 = TestCrops.faceId("image-1", 1), F3 = TestCrops.faceId("image-2", 0);
    static final byte[] C1 = TestCrops.jpeg(1), C2 = TestCrops.jpeg(2), C3 = TestCrops.jpeg(3);

    @TempDir
    static Path dir;
    static Path dataRoot;
    static ApiTestServer api;

    @BeforeAll
    static void start() throws Exception {
        dataRoot = Files.createDirectories(dir.resolve("data"));
        TestCrops.writeArchive(dataRoot, RUN, 0, Map.of(F1, C1, F2, C2));
        Path second = TestCrops.writeArchive(dataRoot, RUN, 1, Map.of(F3, C3));
        // An archive of odd entry names, which no request can name.
        try (OutputStream out = Files.newOutputStream(second.resolveSibling("part-00002.zip"))) {
            Map<String, byte[]> odd = new LinkedHashMap<>();
            odd.put("../../committed-runs.json", C1);
            odd.put("/etc/passwd.jpg", C2);
            odd.put(F3.toUpperCase() + ".jpg", C3);
            TestCrops.writeZip(out, odd, false);
        }
        Files.writeString(dataRoot.resolve("committed-runs.json"), "{\"runs\": []}");
        // A run whose crops folder links outside the data root, to an archive holding a face.
        Path outside = Files.createDirectories(dir.resolve("outside"));
        TestCrops.writeArchive(outside, "elsewhere", 0, Map.of(F1, C1));
        Files.createDirectories(dataRoot.resolve("runs").resolve(LINKED));
        Files.createSymbolicLink(dataRoot.resolve("runs").resolve(LINKED).resolve("crops"),
                outside.resolve("runs").resolve("elsewhere").resolve("crops"));
        api = ApiTestServer.start(dir, dataRoot);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
    }

    static String crop(String run, String face) {
        return "/api/runs/" + run + "/faces/" + face + "/crop.jpg";
    }

    @Test
    void servesTheJpegWithAnETagAndAnswers304WhenTheClientHasIt() throws Exception {
        HttpResponse<byte[]> r = api.download(crop(RUN, F1), ALICE);
        assertEquals(200, r.statusCode());
        assertArrayEquals(C1, r.body());
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(String.valueOf(C1.length), r.headers().firstValue("Content-Length").orElse(""));
        assertEquals("private, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(112, ImageIO.read(new ByteArrayInputStream(r.body())).getWidth());
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertTrue(etag.matches("\"[0-9a-f]{8}-[0-9]+\""), etag);

        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<byte[]> cached = api.download(crop(RUN, F1), ALICE, "If-None-Match", ifNoneMatch);
            assertEquals(304, cached.statusCode(), ifNoneMatch);
            assertEquals(0, cached.body().length);
            assertEquals(etag, cached.headers().firstValue("ETag").orElse(""));
        }
        assertEquals(200, api.download(crop(RUN, F1), ALICE, "If-None-Match", "\"00000000-1\"").statusCode());

        HttpResponse<byte[]> other = api.download(crop(RUN, F3), RITA);
        assertEquals(200, other.statusCode(), "a face of the second archive; a reviewer covers annotator");
        assertArrayEquals(C3, other.body());
        assertNotEquals(etag, other.headers().firstValue("ETag").orElse(""));
        assertArrayEquals(C2, api.download(crop(RUN, F2), ALICE).body());
        assertArrayEquals(C2, api.download("/api/runs/" + RUN + "/faces/" + F2.replace(":", "%3A") + "/crop.jpg", ALICE).body(),
                "an escaped ':' names the same face");
    }

    @Test
    void unknownRunsAndFacesAre404() throws Exception {
        for (String path : List.of(crop(RUN, TestCrops.faceId("image-9", 0)), crop("20990101-000000-ffffff", F1),
                crop(RUN, F1 + "/x"), "/api/runs/" + RUN + "/faces/" + F1 + "/crop.png", "/api/runs/" + RUN + "/crops/part-00000.zip",
                "/api/runs/" + RUN + "/faces/" + F1, "/api/runs/" + RUN, "/api/runs")) {
            HttpResponse<String> r = api.get(path, ALICE);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertEquals("not_found", json(r).path("error").asText(), path);
        }
    }

    @Test
    void idsNotOfTheEnginesFormAndTraversalsAreRefusedWithoutReadingAnything() throws Exception {
        List<String> refused = List.of(
                crop("..", F1), crop("%2e%2e", F1), crop("..%2F..%2Fetc", F1), crop("%2Fetc", F1), crop(".hidden", F1),
                crop(RUN + "%2Fcrops", F1), crop(RUN + "%00", F1),
                crop(RUN, ".."), crop(RUN, "%2e%2e"), crop(RUN, "..%2F..%2Fcommitted-runs.json"), crop(RUN, "%2Fetc%2Fpasswd"),
                crop(RUN, F1 + "%00"), crop(RUN, F1 + "%2F"), crop(RUN, F3.toUpperCase()), crop(RUN, F1.replace(":0", ":01")),
                crop(RUN, F1.substring(1)), crop(RUN, "..%2F..%2F..%2F" + F1));
        for (String path : refused) {
            HttpResponse<String> r = api.get(path, ALICE);
            assertEquals(400, r.statusCode(), path + ": " + r.body());
            assertEquals("bad_request", json(r).path("error").asText(), path);
        }
        HttpResponse<String> linked = api.get(crop(LINKED, F1), ALICE);
        assertEquals(500, linked.statusCode(), linked.body());
        assertEquals("data_root_invalid", json(linked).path("error").asText());
        assertTrue(json(linked).path("message").asText().contains("outside the data root"), linked.body());
    }

    @Test
    void aRunPublishedAfterItsFirstRequestIsServedOnceItsArchivesAppear() throws Exception {
        String f4 = TestCrops.faceId("image-4", 0), f5 = TestCrops.faceId("image-5", 0);
        assertEquals(404, api.get(crop(LATE, f4), ALICE).statusCode(), "no crops folder yet");
        TestCrops.writeArchive(dataRoot, LATE, 0, Map.of(f4, TestCrops.jpeg(4)));
        assertArrayEquals(TestCrops.jpeg(4), api.download(crop(LATE, f4), ALICE).body());
        assertEquals(404, api.get(crop(LATE, f5), ALICE).statusCode());
        // A second archive appears (the run's index is cached by now): a missing face looks again.
        TestCrops.writeArchive(dataRoot, LATE, 1, Map.of(f5, TestCrops.jpeg(5)));
        assertArrayEquals(TestCrops.jpeg(5), api.download(crop(LATE, f5), ALICE).body());
        assertArrayEquals(TestCrops.jpeg(4), api.download(crop(LATE, f4), ALICE).body());
    }

    @Test
    void aCropDamagedInItsArchiveIsRefusedNotServed() throws Exception {
        String run = "20260104-000000-dddddd", face = TestCrops.faceId("image-6", 0);
        byte[] jpeg = TestCrops.jpeg(6);
        Path archive = TestCrops.writeArchive(dataRoot, run, 0, Map.of(face, jpeg));
        byte[] zip = Files.readAllBytes(archive);
        int start = indexOf(zip, jpeg);
        assertTrue(start >= 0, "the entry is stored as is");
        zip[start + jpeg.length / 2] ^= 0x10; // one bit flipped in the middle of the picture
        Files.write(archive, zip);

        HttpResponse<String> r = api.get(crop(run, face), ALICE);
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("data_root_invalid", json(r).path("error").asText());
        assertTrue(json(r).path("message").asText().contains("damaged"), r.body());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void needsATokenAndADataRoot() throws Exception {
        HttpResponse<String> none = api.send(HttpRequest.newBuilder(api.uri(crop(RUN, F1))).GET().build());
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", json(none).path("error").asText());
        assertFalse(none.body().contains("JFIF"));
        assertEquals(401, api.get(crop(RUN, F1), "not-a-token").statusCode());
        assertEquals(401, api.get(crop("..", F1), "not-a-token").statusCode(), "the token is checked first");
        assertEquals(405, api.post(crop(RUN, F1), ALICE, "{}").statusCode());

        try (ApiTestServer bare = ApiTestServer.start(dir, null)) {
            HttpResponse<String> r = bare.get(crop(RUN, F1), ALICE);
            assertEquals(404, r.statusCode());
            assertTrue(json(r).path("message").asText().contains("without a data root"), r.body());
        }
    }
}

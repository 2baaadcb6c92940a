package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The annotator's side of the review API in end-to-end tests: read items, claim one, then answer it
 * with the state the claim returned.
 */
record ReviewApiClient(HttpClient client, int port, String token) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer given, with the item's faces split into the selected ones and the rest. */
    record Answer(String kind, List<String> all, List<String> selected) {
        List<String> rest() {
            return all.stream().filter(f -> !selected.contains(f)).toList();
        }
    }

    ReviewApiClient(int port, String token) {
        this(HttpClient.newHttpClient(), port, token);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), 200);
    }

    /** One item in any status, as the API answers it (with its seq_no and primary_term). */
    JsonNode item(String itemId) throws IOException, InterruptedException {
        return get(itemPath(itemId));
    }

    Answer decide(JsonNode item, String kind, int selectFirst, String name) throws IOException, InterruptedException {
        String path = itemPath(item.path("item_id").asText());
        JsonNode claimed = send(HttpRequest.newBuilder(uri(path + "/claim")).POST(HttpRequest.BodyPublishers.noBody()), 200);
        List<String> faces = new ArrayList<>();
        claimed.path("face_ids").forEach(f -> faces.add(f.asText()));
        List<String> selected = faces.subList(0, selectFirst);
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", kind);
        selected.forEach(body.putArray("faceIds")::add);
        if (name != null) {
            body.put("name", name);
        }
        body.put("seqNo", claimed.path("seq_no").asLong());
        body.put("primaryTerm", claimed.path("primary_term").asLong());
        JsonNode decision = send(HttpRequest.newBuilder(uri(path + "/decision"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 201);
        assertNotEquals("", decision.path("decision_id").asText());
        return new Answer(kind, List.copyOf(faces), List.copyOf(selected));
    }

    /** The crop at {@code path} is served as a 112x112 JPEG. */
    void assertCrop(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), path);
        assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElse(""), path);
        assertEquals(112, javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(response.body())).getWidth(), path);
    }

    private static String itemPath(String itemId) {
        // Merge item ids hold ':' and '+'.
        return "/api/review-items/" + URLEncoder.encode(itemId, StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}

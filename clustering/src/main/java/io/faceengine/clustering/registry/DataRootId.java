package io.faceengine.clustering.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * A data root's stable identity: a random UUID created once, with its creation time, kept in
 * {@value #FILE_NAME} at the data root. The indices record the id of the data root they belong to,
 * so two data roots never share one registry and review queue by accident ({@link DataRootBinding}).
 * Copying or moving a data root keeps its id, and so its indices.
 */
public record DataRootId(String id, Instant createdAt) {
    public static final String FILE_NAME = "data-root.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public DataRootId {
        if (id == null || !id.equals(canonicalUuid(id))) {
            throw new IllegalArgumentException("a data root id is a lower-case UUID, got '" + id + "'");
        }
        if (createdAt == null) {
            throw new IllegalArgumentException("a data root id needs its creation time");
        }
    }

    public static DataRootId generate() {
        return new DataRootId(UUID.randomUUID().toString(), Instant.now());
    }

    /** The content of {@value #FILE_NAME}. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("createdAt", createdAt.toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a data root id", e);
        }
    }

    /** Reads {@value #FILE_NAME}; {@code where} names the file in the error. */
    public static DataRootId parse(String json, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.path("id").isTextual() || !node.path("createdAt").isTextual()) {
            throw new IllegalArgumentException(where + " must be {\"id\": <uuid>, \"createdAt\": <ISO-8601 time>}");
        }
        try {
            return new DataRootId(node.get("id").asText(), Instant.parse(node.get("createdAt").asText()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static String canonicalUuid(String text) {
        try {
            return UUID.fromString(text).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

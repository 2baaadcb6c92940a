package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.decision.DecisionKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A decision as posted: what the annotator says about an item, and the item state (seq_no,
 * primary_term) they saw, so an answer to an item that changed since is refused, not applied.
 */
record DecisionRequest(DecisionKind kind, List<String> faceIds, String name, long seqNo, long primaryTerm) {
    private static final Set<String> KEYS = Set.of("kind", "faceIds", "name", "seqNo", "primaryTerm");
    private static final int MAX_NAME = 200;
    /** The kinds that name faces: the ones split off, removed, or not faces (none: the whole item). */
    private static final Set<DecisionKind> SELECTS_FACES =
            Set.of(DecisionKind.SPLIT, DecisionKind.REMOVE, DecisionKind.NOT_A_FACE);

    private static String allKinds() {
        return Arrays.stream(DecisionKind.values()).map(DecisionKind::text).collect(Collectors.joining(", "));
    }

    /** Validates the body; every problem is a 400 naming the field. */
    static DecisionRequest parse(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw ApiException.badRequest("unknown field " + key + " (known: " + KEYS + ")");
            }
        }
        JsonNode kindNode = body.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw ApiException.badRequest("kind must be one of " + allKinds());
        }
        DecisionKind kind = null;
        for (DecisionKind k : DecisionKind.values()) {
            if (k.text().equals(kindNode.asText())) {
                kind = k;
            }
        }
        if (kind == null) {
            throw ApiException.badRequest("kind must be one of " + allKinds() + "; got '" + kindNode.asText() + "'");
        }
        List<String> faceIds = new ArrayList<>();
        JsonNode faces = body.get("faceIds");
        // An empty list names no faces, whatever the kind: clients may always send one.
        if (faces != null && !faces.isNull() && !(faces.isArray() && faces.isEmpty())) {
            if (!SELECTS_FACES.contains(kind)) {
                throw ApiException.badRequest("a decision of kind " + kind.text() + " names no faces; faceIds is only for "
                        + SELECTS_FACES.stream().map(DecisionKind::text).sorted().collect(Collectors.joining(", ")));
            }
            if (!faces.isArray()) {
                throw ApiException.badRequest("faceIds must be an array of face ids");
            }
            Set<String> seen = new HashSet<>();
            for (JsonNode face : faces) {
                if (!face.isTextual() || !ApiRequest.ID.matcher(face.asText()).matches()) {
                    throw ApiException.badRequest("faceIds must hold face ids of the item");
                }
                if (!seen.add(face.asText())) {
                    throw ApiException.badRequest("faceIds names face " + face.asText() + " twice");
                }
                faceIds.add(face.asText());
            }
        }
        if (kind == DecisionKind.SPLIT && faceIds.isEmpty()) {
            throw ApiException.badRequest("a split names the faces to split off in faceIds");
        }
        if (kind == DecisionKind.REMOVE && faceIds.isEmpty()) {
            throw ApiException.badRequest("a remove names the faces that are not this person in faceIds");
        }
        JsonNode nameNode = body.get("name");
        String name = null;
        if (nameNode != null && !nameNode.isNull()) {
            if (!nameNode.isTextual() || nameNode.asText().isBlank() || nameNode.asText().length() > MAX_NAME) {
                throw ApiException.badRequest("name must be a non-empty string of at most " + MAX_NAME + " characters");
            }
            name = nameNode.asText().strip();
        }
        if (kind == DecisionKind.NAME && name == null) {
            throw ApiException.badRequest("a decision of kind name needs name");
        }
        if (kind != DecisionKind.NAME && name != null) {
            throw ApiException.badRequest("name is only for decisions of kind name");
        }
        return new DecisionRequest(kind, List.copyOf(faceIds), name, counter(body, "seqNo", 0), counter(body, "primaryTerm", 1));
    }

    /**
     * Checks the answer against the item it answers: merge and reject answer merge questions, the
     * faces named are the item's, and a split or remove leaves faces on both sides. A 400 otherwise.
     */
    void checkFits(String itemId, String itemKind, List<String> itemFaces) {
        if ((kind == DecisionKind.REJECT || kind == DecisionKind.MERGE) && !"merge".equals(itemKind)) {
            throw ApiException.badRequest(kind.text() + " answers a merge item (" + (kind == DecisionKind.REJECT
                    ? "these identities are different people" : "these identities are one person") + "); review item "
                    + itemId + " is a " + itemKind + " item: " + (kind == DecisionKind.REJECT
                    ? "use split (some faces are another person) or remove (some faces are not this person)"
                    : "use confirm (all its faces are one person)"));
        }
        for (String face : faceIds) {
            if (!itemFaces.contains(face)) {
                throw ApiException.badRequest("face " + face + " is not part of review item " + itemId);
            }
        }
        if ((kind == DecisionKind.SPLIT || kind == DecisionKind.REMOVE) && faceIds.size() >= itemFaces.size()) {
            throw ApiException.badRequest("a " + kind.text() + " must leave faces on both sides: it names all "
                    + itemFaces.size() + " faces of review item " + itemId + (kind == DecisionKind.SPLIT
                    ? "; confirm the item instead" : "; use not_a_face, or split, instead"));
        }
    }

    /** True when a stored decision says what this request says (kind, faces, name). */
    boolean sameAnswerAs(JsonNode decision) {
        List<String> storedFaces = new ArrayList<>();
        decision.path("face_ids").forEach(f -> storedFaces.add(f.asText()));
        String storedName = decision.hasNonNull("name") ? decision.get("name").asText() : null;
        return kind.text().equals(decision.path("kind").asText()) && faceIds.equals(storedFaces)
                && Objects.equals(name, storedName);
    }

    private static long counter(JsonNode body, String key, long min) {
        JsonNode node = body.get(key);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw ApiException.badRequest(key + " must be an integer >= " + min
                    + ": the value returned with the item when it was claimed");
        }
        return node.longValue();
    }
}

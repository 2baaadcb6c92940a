package io.faceengine.clustering.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.registry.ReviewKind;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a decided review item, as the review API stores it (the item plus its {@code decision}),
 * into a {@link HumanDecision}. The sides of a merge question come from {@code details.subjects},
 * written by the run that asked; items without them fall back to the item's cluster and the
 * candidate identities.
 */
public final class DecidedItems {
    private DecidedItems() {
    }

    public static HumanDecision read(JsonNode item) {
        JsonNode decision = item.path("decision");
        String itemId = text(item, "item_id");
        if (!decision.isObject()) {
            throw new IllegalArgumentException("review item " + itemId + " is decided but holds no decision");
        }
        ReviewKind itemKind = ReviewKind.valueOf(text(item, "kind").toUpperCase(Locale.ROOT));
        List<String> itemFaces = strings(item.path("face_ids"));
        List<DecisionSubject> subjects = new ArrayList<>();
        if (itemKind == ReviewKind.MERGE) {
            for (JsonNode subject : item.path("details").path("subjects")) {
                subjects.add(new DecisionSubject(optional(subject, "cluster_id"), optional(subject, "set_id"),
                        optional(subject, "identity_id"), strings(subject.path("face_ids"))));
            }
            if (subjects.isEmpty()) {
                subjects.add(new DecisionSubject(optional(item, "cluster_id"), optional(item, "set_id"),
                        optional(item, "identity_id"), itemFaces));
                strings(item.path("candidate_identity_ids"))
                        .forEach(id -> subjects.add(new DecisionSubject(null, null, id, List.of())));
            }
        }
        String setId = optional(item, "set_id");
        return new HumanDecision(text(decision, "decision_id"), itemId, text(item, "run_id"),
                setId == null || setId.isEmpty() ? null : setId, itemKind,
                DecisionKind.fromText(text(decision, "kind")), itemFaces, strings(decision.path("face_ids")),
                optional(decision, "name"), subjects, optional(decision, "annotator"),
                Instant.parse(text(decision, "decided_at")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("field " + field + " is missing in " + node.path("item_id").asText(
                    node.path("decision_id").asText("a decided review item")));
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}

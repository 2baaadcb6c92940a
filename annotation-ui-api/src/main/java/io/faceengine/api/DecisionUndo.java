package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;

/**
 * Undoes a decision: the undo goes into the audit log as a decision of kind {@code undo} naming
 * the undone one ({@code undoes}), the undone entry is marked {@code undone} (with a copy of its
 * undo), and the review item opens again for claiming. Marking the entry is the gate, a
 * conditional write, so of two undos one wins; an undo cut short by an outage is completed by
 * sending it again.
 */
final class DecisionUndo {
    static final String UNDO = "undo";

    private final IndicesOnce indices;
    private final ReviewStore items;
    private final DecisionLog log;
    private final Clock clock;

    DecisionUndo(IndicesOnce indices, ReviewStore items, DecisionLog log, Clock clock) {
        this.indices = indices;
        this.items = items;
        this.log = log;
        this.clock = clock;
    }

    /** The undo as logged; the caller must be a reviewer or the decision's annotator. */
    ObjectNode undo(String decisionId, ApiRequest request) {
        indices.ensure();
        VersionedDocuments.Stored read = log.get(decisionId)
                .orElseThrow(() -> ApiException.notFound("no decision " + decisionId));
        ObjectNode decision = read.source();
        if (UNDO.equals(decision.path("kind").asText())) {
            throw ApiException.badRequest(decisionId + " is an undo, which cannot be undone; claim and decide the item again");
        }
        Caller caller = request.caller();
        String annotator = decision.path("annotator").asText();
        if (!caller.role().covers(Role.REVIEWER) && !caller.name().equals(annotator)) {
            throw request.forbidden("only a reviewer or " + annotator + ", who made it, may undo decision " + decisionId);
        }
        String itemId = decision.path("item_id").asText();
        if (decision.path("undone").asBoolean(false)) {
            return complete(decisionId, decision, itemId);
        }
        VersionedDocuments.Stored item = items.get(itemId);
        if (!holds(item, decisionId)) {
            throw ApiException.conflict("not_current", "review item " + itemId + " no longer holds decision " + decisionId
                    + " (a run republished it, or it was reopened)");
        }
        ObjectNode undo = undoEntry(decision, item, caller);
        ObjectNode marked = decision.deepCopy();
        marked.put("undone", true);
        marked.set(UNDO, undo.deepCopy());
        if (log.replaceIf(read, marked).isEmpty()) {
            throw ApiException.conflict("stale", "decision " + decisionId + " changed while it was being undone"
                    + " (another undo came first); reload it");
        }
        reopen(item, decisionId);
        log.record(undo);
        return undo;
    }

    /** The entry is marked undone: finish what an interrupted undo left, or answer that it is done. */
    private ObjectNode complete(String decisionId, ObjectNode decision, String itemId) {
        if (!(decision.get(UNDO) instanceof ObjectNode undo)) {
            throw ApiException.conflict("already_undone", "decision " + decisionId + " is already undone");
        }
        VersionedDocuments.Stored item = items.get(itemId);
        boolean reopened = !holds(item, decisionId);
        boolean logged = log.get(undo.path("decision_id").asText()).isPresent();
        if (reopened && logged) {
            throw ApiException.conflict("already_undone", "decision " + decisionId + " was undone by "
                    + undo.path("annotator").asText() + " at " + undo.path("decided_at").asText()
                    + " (" + undo.path("decision_id").asText() + ")");
        }
        if (!reopened) {
            reopen(item, decisionId);
        }
        log.record(undo);
        return undo;
    }

    private void reopen(VersionedDocuments.Stored item, String decisionId) {
        if (items.reopen(item).isEmpty()) {
            throw ApiException.conflict("stale", "review item " + item.source().path("item_id").asText()
                    + " changed while decision " + decisionId + " was being undone; send the undo again to complete it");
        }
    }

    private static boolean holds(VersionedDocuments.Stored item, String decisionId) {
        JsonNode source = item.source();
        return "decided".equals(source.path("status").asText()) && decisionId.equals(source.path("decision_id").asText());
    }

    private ObjectNode undoEntry(ObjectNode decision, VersionedDocuments.Stored item, Caller caller) {
        ObjectNode undo = ApiJson.MAPPER.createObjectNode();
        String undone = decision.path("decision_id").asText();
        undo.put("decision_id", UNDO + ":" + undone);
        undo.put("item_id", decision.path("item_id").asText());
        undo.put("run_id", decision.path("run_id").asText());
        if (decision.hasNonNull("set_id")) {
            undo.put("set_id", decision.path("set_id").asText());
        }
        undo.put("kind", UNDO);
        undo.putArray("face_ids");
        undo.put("undoes", undone);
        undo.put("annotator", caller.name());
        undo.put("role", caller.role().text());
        undo.put("decided_at", clock.instant().toString());
        undo.put("item_seq_no", item.seqNo());
        undo.put("item_primary_term", item.primaryTerm());
        return undo;
    }
}

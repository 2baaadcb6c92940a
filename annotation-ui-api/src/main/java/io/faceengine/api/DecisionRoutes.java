package io.faceengine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /api/decisions}: the audit log, and undoing a decision. */
final class DecisionRoutes {
    private final IndicesOnce indices;
    private final DecisionLog log;
    private final DecisionUndo undo;

    DecisionRoutes(IndicesOnce indices, DecisionLog log, DecisionUndo undo) {
        this.indices = indices;
        this.log = log;
        this.undo = undo;
    }

    Reply answer(ApiRequest request) {
        if (request.pathIs("decisions")) {
            request.allow("GET", Role.REVIEWER);
            indices.ensure();
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            ArrayNode list = out.putArray("decisions");
            log.list(request.textQuery("annotator"), request.limit()).forEach(list::add);
            return Reply.json(200, out);
        }
        if (request.pathIs("decisions", null, "undo")) {
            // Annotators may undo their own decisions; DecisionUndo checks whose it is.
            request.allow("POST", Role.ANNOTATOR);
            return Reply.json(201, undo.undo(request.id(1, "decision id"), request));
        }
        throw request.noSuchPath();
    }
}

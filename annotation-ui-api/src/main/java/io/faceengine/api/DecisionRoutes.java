package io.faceengine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /api/decisions}: the audit log. */
final class DecisionRoutes {
    private final IndicesOnce indices;
    private final DecisionLog log;

    DecisionRoutes(IndicesOnce indices, DecisionLog log) {
        this.indices = indices;
        this.log = log;
    }

    Reply answer(ApiRequest request) {
        if (request.pathIs("decisions")) {
            request.allow("GET", Role.REVIEWER);
            indices.ensure();
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            ArrayNode list = out.putArray("decisions");
            log.list(request.query("annotator"), request.limit()).forEach(list::add);
            return Reply.json(200, out);
        }
        throw request.noSuchPath();
    }
}

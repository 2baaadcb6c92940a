package io.faceengine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code /api/review-items}: the queue, one item with its faces' crop URLs, claims, releases and decisions. */
final class ReviewItemRoutes {
    private final ReviewStore store;

    ReviewItemRoutes(ReviewStore store) {
        this.store = store;
    }

    Reply answer(ApiRequest request) {
        if (request.pathIs("review-items")) {
            request.allow("GET", Role.ANNOTATOR);
            ReviewStore.Page page = store.openItems(new ReviewStore.ItemFilter(request.idQuery("run"), request.idQuery("set"),
                    request.idQuery("reason"), request.optionalInt("minSize", 0, Integer.MAX_VALUE)), request.limit(),
                    request.cursorQuery("after"));
            ObjectNode out = ApiJson.MAPPER.createObjectNode();
            ArrayNode items = out.putArray("items");
            page.items().forEach(items::add);
            out.put("next", page.next());
            return Reply.json(200, out);
        }
        if (request.pathIs("review-items", null)) {
            request.allow("GET", Role.ANNOTATOR);
            return Reply.json(200, withCropUrls(store.item(request.id(1, "item id"))));
        }
        if (request.pathIs("review-items", null, "claim")) {
            request.allow("POST", Role.ANNOTATOR);
            return Reply.json(200, store.claim(request.id(1, "item id"), request.caller()));
        }
        if (request.pathIs("review-items", null, "release")) {
            request.allow("POST", Role.ANNOTATOR);
            return Reply.json(200, store.release(request.id(1, "item id"), request.caller(), false));
        }
        if (request.pathIs("review-items", null, "revoke")) {
            request.allow("POST", Role.ADMIN);
            return Reply.json(200, store.release(request.id(1, "item id"), request.caller(), true));
        }
        if (request.pathIs("review-items", null, "decision")) {
            request.allow("POST", Role.ANNOTATOR);
            String itemId = request.id(1, "item id");
            DecisionRequest decision = DecisionRequest.parse(request.readJson());
            return Reply.json(201, store.decide(itemId, decision, request.caller()));
        }
        throw request.noSuchPath();
    }

    /** Adds {@code faces}: each member face with the URL of its crop, in the item's order. */
    private static ObjectNode withCropUrls(ObjectNode item) {
        String runId = item.path("run_id").asText();
        ArrayNode faces = item.putArray("faces");
        item.path("face_ids").forEach(face -> faces.addObject()
                .put("face_id", face.asText())
                .put("crop_url", CropRoutes.url(runId, face.asText())));
        return item;
    }
}

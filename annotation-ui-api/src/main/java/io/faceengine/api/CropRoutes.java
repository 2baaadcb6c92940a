package io.faceengine.api;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code /api/runs/{runId}/faces/{faceId}/crop.jpg}: a face's aligned crop from its run's archives. */
final class CropRoutes {
    /** A run's crops never change once published; they need a token, so only the caller's cache may keep them. */
    static final String CACHE_CONTROL = "private, max-age=31536000, immutable";

    /** Null when the server has no data root. */
    private final CropStore crops;

    CropRoutes(CropStore crops) {
        this.crops = crops;
    }

    /** The path of a face's crop; face ids need no escaping but ':' (kept, as the path allows it). */
    static String url(String runId, String faceId) {
        return "/api/runs/" + segment(runId) + "/faces/" + segment(faceId) + "/crop.jpg";
    }

    Reply answer(ApiRequest request) {
        if (!request.pathIs("runs", null, "faces", null, "crop.jpg")) {
            throw request.noSuchPath();
        }
        request.allow("GET", Role.ANNOTATOR);
        if (crops == null) {
            throw ApiException.notFound("this server was started without a data root (--data-root), so it serves no crops");
        }
        CropStore.Crop crop = crops.read(request.decodedOrBadRequest(1, "run id"), request.decodedOrBadRequest(3, "face id"));
        return new Reply.Immutable("image/jpeg", crop.etag(), CACHE_CONTROL, crop.jpeg().length,
                new ByteArrayInputStream(crop.jpeg()));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }
}

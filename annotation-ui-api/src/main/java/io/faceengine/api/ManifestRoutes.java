package io.faceengine.api;

import java.util.regex.Pattern;

/**
 * {@code /api/manifests}: the committed dataset manifests. A file name is only ever looked up in
 * the summary's list, never used as a path.
 */
final class ManifestRoutes {
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
    /** Versions never change: a data file may be cached for good, but only by the caller, as it needs a token. */
    static final String CACHE_CONTROL = "private, max-age=31536000, immutable";

    /** Null when the server has no data root. */
    private final ManifestStore manifests;

    ManifestRoutes(ManifestStore manifests) {
        this.manifests = manifests;
    }

    Reply answer(ApiRequest request) {
        boolean list = request.pathIs("manifests");
        boolean summary = request.pathIs("manifests", null);
        boolean file = request.pathIs("manifests", null, "files", null);
        if (!list && !summary && !file) {
            throw request.noSuchPath();
        }
        request.allow("GET", Role.ANNOTATOR);
        if (manifests == null) {
            throw ApiException.notFound("this server was started without a data root (--data-root), so it serves no manifests");
        }
        if (list) {
            return Reply.json(200, manifests.versions());
        }
        String version = request.decoded(1);
        if (version == null || !VERSION.matcher(version).matches()) {
            throw ApiException.badRequest("version must be a positive integer, got '" + request.raw(1) + "'");
        }
        long number = Long.parseLong(version);
        if (summary) {
            return Reply.json(200, manifests.summary(number));
        }
        String name = request.decoded(3);
        if (name == null) {
            throw ApiException.notFound("manifest version " + number + " has no file '" + request.raw(3) + "'");
        }
        ManifestStore.DataFile data = manifests.open(number, name);
        return new Reply.Immutable("application/octet-stream", "\"" + data.sha256() + "\"", CACHE_CONTROL, data.size(),
                data.in());
    }
}

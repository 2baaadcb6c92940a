package io.faceengine.api;

/** {@code /api/identities/{id}}: an identity and its nearest identities. */
final class IdentityRoutes {
    /** Elasticsearch refuses longer document ids. */
    private static final int MAX_ID_BYTES = 512;

    private final IdentityDetails identities;

    IdentityRoutes(IdentityDetails identities) {
        this.identities = identities;
    }

    Reply answer(ApiRequest request) {
        if (!request.pathIs("identities", null)) {
            throw request.noSuchPath();
        }
        request.allow("GET", Role.ANNOTATOR);
        String id = request.decodedOrBadRequest(1, "identity id");
        if (id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw ApiException.badRequest("identity ids are at most " + MAX_ID_BYTES + " bytes");
        }
        Integer k = request.optionalInt("k", 1, 100);
        return Reply.json(200, identities.of(id, k == null ? 10 : k));
    }
}

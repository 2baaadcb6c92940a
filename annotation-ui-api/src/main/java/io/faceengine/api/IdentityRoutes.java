package io.faceengine.api;

/** {@code /api/identities/{id}}: an identity and its nearest identities. */
final class IdentityRoutes {
    private final IdentityDetails identities;

    IdentityRoutes(IdentityDetails identities) {
        this.identities = identities;
    }

    Reply answer(ApiRequest request) {
        if (!request.pathIs("identities", null)) {
            throw request.noSuchPath();
        }
        request.allow("GET", Role.ANNOTATOR);
        String id = request.id(1, "identity id");
        Integer k = request.optionalInt("k", 1, 100);
        return Reply.json(200, identities.of(id, k == null ? 10 : k));
    }
}

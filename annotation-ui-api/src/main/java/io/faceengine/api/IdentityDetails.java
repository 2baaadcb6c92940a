package io.faceengine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityRegistry;
import io.faceengine.clustering.registry.RegistryMatch;

import java.util.List;

/** An identity of the registry and the identities nearest to it (kNN on its centroid), for a reviewer to compare. */
final class IdentityDetails {
    private final IdentityRegistry registry;
    private final IndicesOnce indices;

    IdentityDetails(ElasticsearchConnection connection, IndicesOnce indices) {
        this.registry = connection.identityRegistry();
        this.indices = indices;
    }

    /**
     * The identity as stored, its centroid replaced by its length (192 numbers mean nothing to a
     * person), plus {@code nearest}: up to {@code k} other identities, most similar first, with cosine.
     */
    ObjectNode of(String identityId, int k) {
        indices.ensure();
        IdentityRecord record = registry.get(identityId)
                .orElseThrow(() -> ApiException.notFound("no identity " + identityId));
        // One more than asked: the identity itself is its own nearest.
        List<RegistryMatch> matches = registry.nearest(record.centroid(), k + 1, -1f);
        ObjectNode out = ApiJson.MAPPER.valueToTree(record);
        out.remove("centroid");
        out.put("centroid_dims", record.centroid().length);
        ArrayNode nearest = out.putArray("nearest");
        matches.stream().filter(m -> !m.identityId().equals(identityId)).limit(k).forEach(m -> nearest.addObject()
                .put("identity_id", m.identityId()).put("similarity", m.similarity()));
        return out;
    }
}

package io.faceengine.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.IndexResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchCalls;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryException;

import java.util.Optional;

/**
 * The documents of one index, read with their seq_no/primary_term and replaced only if unchanged
 * since, so of two writers that read the same state only one wins. Writes wait for a refresh, so
 * the next search sees them.
 */
final class VersionedDocuments {
    /** A document and the state it was read at. */
    record Stored(ObjectNode source, long seqNo, long primaryTerm) {
    }

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final String index;

    VersionedDocuments(ElasticsearchConnection connection, String index) {
        this.client = connection.client();
        this.options = connection.options();
        this.index = index;
    }

    String index() {
        return index;
    }

    Optional<Stored> get(String id) {
        GetResponse<ObjectNode> response = ElasticsearchCalls.call(options, "reading " + id + " from " + index,
                () -> client.get(g -> g.index(index).id(id), ObjectNode.class));
        if (!response.found() || response.source() == null) {
            return Optional.empty();
        }
        return Optional.of(new Stored(response.source(), response.seqNo(), response.primaryTerm()));
    }

    /** Replaces the document if it is still at {@code read}'s state; empty when another write came first. */
    Optional<Stored> replaceIf(Stored read, String id, ObjectNode document) {
        try {
            IndexResponse written = ElasticsearchCalls.call(options, "writing " + id + " to " + index,
                    () -> client.index(i -> i.index(index).id(id).document(document)
                            .ifSeqNo(read.seqNo()).ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.WaitFor)));
            return Optional.of(new Stored(document, written.seqNo(), written.primaryTerm()));
        } catch (RegistryException e) {
            if (ElasticsearchCalls.isConflict(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates the document; false when one with this id exists already. */
    boolean createIfAbsent(String id, ObjectNode document) {
        try {
            ElasticsearchCalls.call(options, "creating " + id + " in " + index,
                    () -> client.create(c -> c.index(index).id(id).document(document).refresh(Refresh.WaitFor)));
            return true;
        } catch (RegistryException e) {
            if (ElasticsearchCalls.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }
}

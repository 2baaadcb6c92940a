package io.faceengine.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchCalls;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit log: one document per decision (id = decision_id), undos included. Entries are only
 * added, except that an undone decision is marked {@code undone} with a copy of its undo.
 */
final class DecisionLog {
    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final VersionedDocuments documents;

    DecisionLog(ElasticsearchConnection connection) {
        this.client = connection.client();
        this.options = connection.options();
        this.documents = new VersionedDocuments(connection, RegistryIndex.DECISIONS.indexName(options));
    }

    String index() {
        return documents.index();
    }

    Optional<VersionedDocuments.Stored> get(String decisionId) {
        return documents.get(decisionId);
    }

    /** Adds the entry unless one with its decision_id is there already (a retry); true if this call added it. */
    boolean record(ObjectNode decision) {
        return documents.createIfAbsent(decision.path("decision_id").asText(), decision);
    }

    /** Replaces an entry if unchanged since {@code read}; empty when another write came first. */
    Optional<VersionedDocuments.Stored> replaceIf(VersionedDocuments.Stored read, ObjectNode entry) {
        return documents.replaceIf(read, entry.path("decision_id").asText(), entry);
    }

    /** Newest first, optionally one annotator's. */
    List<ObjectNode> list(String annotator, int limit) {
        List<Query> clauses = new ArrayList<>();
        if (annotator != null) {
            clauses.add(Query.of(q -> q.term(t -> t.field("annotator").value(annotator))));
        }
        Query query = Query.of(q -> q.bool(b -> b.filter(clauses)));
        SearchResponse<ObjectNode> response = ElasticsearchCalls.call(options, "reading decisions from " + index(),
                () -> client.search(s -> s.index(index()).query(query).size(limit)
                        .sort(o -> o.field(f -> f.field("decided_at").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("decision_id").order(SortOrder.Asc))), ObjectNode.class));
        List<ObjectNode> out = new ArrayList<>();
        response.hits().hits().forEach(hit -> out.add(hit.source()));
        return out;
    }
}

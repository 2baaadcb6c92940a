package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * The audit log of decisions (the decisions index), as runs read it: which decisions were undone.
 * The review API writes it; runs only read.
 */
public final class DecisionLogIndex {
    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final String index;

    public DecisionLogIndex(ElasticsearchClient client, ElasticsearchOptions options) {
        this.client = client;
        this.options = options;
        this.index = RegistryIndex.DECISIONS.indexName(options);
    }

    /** The ids of decisions an undo entry names ({@code kind: undo, undoes: <decision id>}). */
    public Set<String> undoneDecisionIds() {
        Set<String> out = new TreeSet<>();
        IndexScan.forEach(client, options, "reading the undone decisions from " + index, index,
                Query.of(q -> q.term(t -> t.field("kind").value("undo"))), "decision_id", null, ObjectNode.class, hit -> {
                    String undone = hit.source().path("undoes").asText("");
                    if (!undone.isEmpty()) {
                        out.add(undone);
                    }
                });
        return out;
    }
}

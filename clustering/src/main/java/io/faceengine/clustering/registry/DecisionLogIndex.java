package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The audit log of decisions (the decisions index), as runs read it: which decisions were undone.
 * The review API writes it; runs only read.
 */
public final class DecisionLogIndex {
    private static final int PAGE = 1000;

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
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<ObjectNode> page = ElasticsearchCalls.call(options, "reading the undone decisions from " + index,
                    () -> client.search(s -> {
                        s.index(index)
                                .query(q -> q.term(t -> t.field("kind").value("undo")))
                                .size(PAGE)
                                .sort(o -> o.field(f -> f.field("decision_id").order(SortOrder.Asc)))
                                .trackTotalHits(t -> t.enabled(false));
                        if (searchAfter != null) {
                            s.searchAfter(searchAfter);
                        }
                        return s;
                    }, ObjectNode.class));
            List<Hit<ObjectNode>> hits = page.hits().hits();
            for (Hit<ObjectNode> hit : hits) {
                String undone = hit.source().path("undoes").asText("");
                if (!undone.isEmpty()) {
                    out.add(undone);
                }
            }
            if (hits.size() < PAGE) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}

package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads every document matching a query, page by page in the order of a unique keyword field
 * (search_after), so the result does not depend on page size and no scroll context is kept open.
 */
final class IndexScan {
    private static final int PAGE = 1000;

    private IndexScan() {
    }

    /**
     * @param sourceFields the source fields to fetch, or null for the whole document
     */
    static <T> void forEach(ElasticsearchClient client, ElasticsearchOptions options, String what, String index, Query query,
                            String sortField, List<String> sourceFields, Class<T> type, Consumer<Hit<T>> action) {
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<T> page = ElasticsearchCalls.call(options, what, () -> client.search(s -> {
                s.index(index).query(query).size(PAGE)
                        .sort(o -> o.field(f -> f.field(sortField).order(SortOrder.Asc)))
                        .trackTotalHits(t -> t.enabled(false));
                if (sourceFields != null) {
                    s.source(src -> src.filter(f -> f.includes(sourceFields)));
                }
                if (searchAfter != null) {
                    s.searchAfter(searchAfter);
                }
                return s;
            }, type));
            List<Hit<T>> hits = page.hits().hits();
            hits.forEach(action);
            if (hits.size() < PAGE) {
                return;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }
}

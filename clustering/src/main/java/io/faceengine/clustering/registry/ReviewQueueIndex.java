package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The review queue in the review-items index (see {@link RegistryIndex}): runs publish their
 * items, annotators take them highest priority first.
 */
public final class ReviewQueueIndex {
    private static final int PAGE = 1000;

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final String index;

    /**
     * What {@link #replaceRunItems} did: items created or replaced, and the run's items removed;
     * items left as an annotator holds them count in neither.
     */
    public record Replacement(int written, int removed) {
    }

    public ReviewQueueIndex(ElasticsearchClient client, ElasticsearchOptions options) {
        this.client = client;
        this.options = options;
        this.index = RegistryIndex.REVIEW_ITEMS.indexName(options);
    }

    /**
     * Makes the queue hold the run's questions: writes {@code items} and removes the run's items not
     * among them, so a restarted run leaves the same queue as an uninterrupted one. What annotators
     * did is kept, whichever run wrote the item first: a decided item is never rewritten, reopened or
     * removed, and a claimed one keeps its lease (see {@link RunItemsReplacement}). Each write is
     * conditional on the state read, so a claim or decision made meanwhile is never overwritten.
     */
    public Replacement replaceRunItems(String runId, List<ReviewItem> items) {
        Set<String> ids = new HashSet<>();
        for (ReviewItem item : items) {
            if (!item.runId().equals(runId)) {
                throw new IllegalArgumentException("review item " + item.itemId() + " belongs to run " + item.runId()
                        + ", not " + runId);
            }
            if (!ids.add(item.itemId())) {
                throw new IllegalArgumentException("review item " + item.itemId() + " is given twice");
            }
        }
        return new RunItemsReplacement(client, options, index).replace(runId, items, storedIds(runId));
    }

    /**
     * Every decided item as stored, with the decision the review API wrote into it, in item-id
     * order: the item is the one record a decision is written to atomically.
     */
    public List<ObjectNode> decidedItems() {
        List<ObjectNode> out = new ArrayList<>();
        IndexScan.forEach(client, options, "reading the decided review items from " + index, index,
                Query.of(q -> q.term(t -> t.field("status").value("decided"))), "item_id", null, ObjectNode.class,
                hit -> out.add(hit.source()));
        return out;
    }

    /**
     * Marks the open and claimed items of other runs about these sets superseded: {@code runId}
     * clustered the sets again, so their questions no longer match the clusters. Decided items
     * keep their answer (it is applied to the faces, whatever the clusters now are). Each write is
     * conditional on the state read, so an item an annotator changes meanwhile is left to them.
     *
     * @return how many items were superseded
     */
    public long supersedeOtherRuns(String runId, Collection<String> setIds) {
        if (setIds.isEmpty()) {
            return 0;
        }
        List<FieldValue> sets = setIds.stream().map(FieldValue::of).toList();
        List<FieldValue> waiting = List.of(FieldValue.of("open"), FieldValue.of("claimed"));
        Query inSets = Query.of(f -> f.terms(t -> t.field("set_id").terms(v -> v.value(sets))));
        Query notAnswered = Query.of(f -> f.terms(t -> t.field("status").terms(v -> v.value(waiting))));
        Query ownRun = Query.of(f -> f.term(t -> t.field("run_id").value(runId)));
        Query stale = Query.of(q -> q.bool(b -> b.filter(inSets, notAnswered).mustNot(ownRun)));
        String what = "superseding earlier review items of the sets run " + runId + " clustered again";
        long superseded = 0;
        while (true) {
            // Superseded items drop out of the query, so each round reads the first page again.
            List<Hit<ObjectNode>> hits = ElasticsearchCalls.call(options, what, () -> client.search(s -> s.index(index)
                    .query(stale).size(PAGE).seqNoPrimaryTerm(true)
                    .sort(o -> o.field(f -> f.field("item_id").order(SortOrder.Asc))), ObjectNode.class)).hits().hits();
            if (hits.isEmpty()) {
                return superseded;
            }
            List<BulkOperation> operations = new ArrayList<>();
            for (Hit<ObjectNode> hit : hits) {
                ObjectNode document = hit.source().deepCopy();
                document.put("status", "superseded");
                document.remove(List.of("claimed_by", "claimed_until"));
                operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(hit.id()).document(document)
                        .ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm()))));
            }
            superseded += operations.size() - ElasticsearchCalls.bulkConditional(client, options, what, operations).size();
        }
    }

    /** Up to n items matching the filter, highest priority first, ties by item id. */
    public List<ReviewItem> top(int n, ReviewQueueFilter filter) {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("n must be in [1, 10000], got " + n);
        }
        Query query = query(filter);
        SearchResponse<ReviewItem> response = ElasticsearchCalls.call(options, "reading the review queue " + index,
                () -> client.search(s -> s.index(index).query(query).size(n)
                        .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc)))
                        .sort(o -> o.field(f -> f.field("item_id").order(SortOrder.Asc))), ReviewItem.class));
        List<ReviewItem> out = new ArrayList<>();
        for (Hit<ReviewItem> hit : response.hits().hits()) {
            out.add(hit.source());
        }
        return out;
    }

    /** Number of items matching the filter. */
    public long count(ReviewQueueFilter filter) {
        Query query = query(filter);
        return ElasticsearchCalls.call(options, "counting review items in " + index,
                () -> client.count(c -> c.index(index).query(query)).count());
    }

    private List<String> storedIds(String runId) {
        List<String> out = new ArrayList<>();
        IndexScan.forEach(client, options, "reading the review items of run " + runId + " from " + index, index,
                Query.of(q -> q.term(t -> t.field("run_id").value(runId))), "item_id", List.of("item_id"), ObjectNode.class,
                hit -> out.add(hit.id()));
        return out;
    }

    private static Query query(ReviewQueueFilter filter) {
        Map<String, String> terms = new HashMap<>();
        if (filter.setId() != null) {
            terms.put("set_id", filter.setId());
        }
        if (filter.runId() != null) {
            terms.put("run_id", filter.runId());
        }
        if (filter.reason() != null) {
            terms.put("reasons", filter.reason());
        }
        if (filter.status() != null) {
            terms.put("status", filter.status().text());
        }
        List<Query> clauses = new ArrayList<>();
        terms.forEach((field, value) -> clauses.add(Query.of(q -> q.term(t -> t.field(field).value(value)))));
        return Query.of(q -> q.bool(b -> b.filter(clauses)));
    }
}

package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

    /** What {@link #replaceRunItems} did. */
    public record Replacement(int written, int removed) {
    }

    /** The part of a stored item the replacement needs. */
    private record StoredStatus(@JsonProperty("status") ReviewStatus status) {
    }

    public ReviewQueueIndex(ElasticsearchClient client, ElasticsearchOptions options) {
        this.client = client;
        this.options = options;
        this.index = RegistryIndex.REVIEW_ITEMS.indexName(options);
    }

    /**
     * Makes the queue hold exactly {@code items} for the run: writes them and removes the run's
     * items not among them, so a restarted run leaves the same queue as an uninterrupted one.
     * An item that is already stored and no longer open is left as it is: a restart must not
     * reopen, or drop the lease or decision of, what an annotator claimed or decided. (A claim made
     * between this method's read and write is overwritten; runs publish once, so that window is small.)
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
        Map<String, ReviewStatus> stored = storedStatuses(runId);
        List<BulkOperation> operations = new ArrayList<>(items.size());
        for (ReviewItem item : items) {
            ReviewStatus kept = stored.get(item.itemId());
            if (kept == null || kept == ReviewStatus.OPEN) {
                operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(item.itemId()).document(item))));
            }
        }
        int removed = 0;
        for (String storedId : stored.keySet()) {
            if (!ids.contains(storedId)) {
                operations.add(BulkOperation.of(op -> op.delete(d -> d.index(index).id(storedId))));
                removed++;
            }
        }
        ElasticsearchCalls.bulk(client, options, "replacing the review items of run " + runId + " in " + index, operations);
        return new Replacement(items.size(), removed);
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
            BulkResponse response = ElasticsearchCalls.call(options, what,
                    () -> client.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor)));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    superseded++;
                } else if (item.status() != 409) {
                    throw new RegistryException(RegistryException.Reason.PARTIAL_FAILURE, options.url(), what + ": item "
                            + item.id() + ": " + item.error().type() + ": " + item.error().reason(), null);
                }
            }
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

    private Map<String, ReviewStatus> storedStatuses(String runId) {
        Map<String, ReviewStatus> out = new LinkedHashMap<>();
        IndexScan.forEach(client, options, "reading the review items of run " + runId + " from " + index, index,
                Query.of(q -> q.term(t -> t.field("run_id").value(runId))), "item_id", List.of("status"), StoredStatus.class,
                hit -> out.put(hit.id(), hit.source().status()));
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
            terms.put("status", switch (filter.status()) {
                case OPEN -> "open";
                case CLAIMED -> "claimed";
                case DECIDED -> "decided";
                case SUPERSEDED -> "superseded";
            });
        }
        List<Query> clauses = new ArrayList<>();
        terms.forEach((field, value) -> clauses.add(Query.of(q -> q.term(t -> t.field(field).value(value)))));
        return Query.of(q -> q.bool(b -> b.filter(clauses)));
    }
}

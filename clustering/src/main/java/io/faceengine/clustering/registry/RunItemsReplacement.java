package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's review items into the queue so that what annotators did is never lost: every
 * write is conditional on the state just read (create-only for a new id, if_seq_no for a stored
 * one), and an item whose write meets a version conflict is read again and decided anew. Item ids
 * name the question, not the run (a later run asking the same question gets the same id), so the
 * rule holds across runs:
 * <ul>
 *   <li>decided: never written or removed, by any run;</li>
 *   <li>claimed: left as it is when the run already wrote it (a restart); asked again by another
 *       run, the new version is written with the annotator's lease kept, so their next decision is
 *       refused as stale and they reload the question as it now stands;</li>
 *   <li>open or superseded: replaced;</li>
 *   <li>the run's own items it no longer asks are removed, only while still open or superseded.</li>
 * </ul>
 */
final class RunItemsReplacement {
    /** Read-decide-write rounds before giving up on items that keep changing under the run. */
    private static final int ROUNDS = 5;
    private static final int READ_CHUNK = 1000;

    /** A stored item as read, with the state a conditional write names. */
    private record Stored(ObjectNode source, long seqNo, long primaryTerm) {
        ReviewStatus status() {
            return ReviewStatus.fromText(source.path("status").asText());
        }
    }

    /** A claimed item asked again: the new question under the annotator's lease. */
    private record Leased(@JsonUnwrapped ReviewItem item, @JsonProperty("claimed_by") String claimedBy,
                          @JsonProperty("claimed_until") String claimedUntil) {
    }

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final String index;

    RunItemsReplacement(ElasticsearchClient client, ElasticsearchOptions options, String index) {
        this.client = client;
        this.options = options;
        this.index = index;
    }

    /**
     * @param items        the run's items, all with this run id, each id once
     * @param storedOfRun  ids of the items stored with this run id before the write
     */
    ReviewQueueIndex.Replacement replace(String runId, List<ReviewItem> items, Collection<String> storedOfRun) {
        Map<String, ReviewItem> wanted = new LinkedHashMap<>();
        items.forEach(item -> wanted.put(item.itemId(), item));
        Set<String> pending = new LinkedHashSet<>(wanted.keySet());
        pending.addAll(storedOfRun);
        String what = "writing the review items of run " + runId + " to " + index;
        int written = 0;
        int removed = 0;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == ROUNDS) {
                throw new RegistryException(RegistryException.Reason.PARTIAL_FAILURE, options.url(), what + ": "
                        + pending.size() + " items kept changing while they were written (first: " + pending.iterator().next()
                        + "); run the step again", null);
            }
            Map<String, Stored> stored = read(pending, what);
            List<BulkOperation> operations = new ArrayList<>();
            Map<String, Boolean> deletes = new HashMap<>();
            for (String id : pending) {
                BulkOperation operation = operation(runId, id, wanted.get(id), stored.get(id));
                if (operation != null) {
                    operations.add(operation);
                    deletes.put(id, operation.isDelete());
                }
            }
            Set<String> conflicts = ElasticsearchCalls.bulkConditional(client, options, what, operations);
            for (Map.Entry<String, Boolean> done : deletes.entrySet()) {
                if (!conflicts.contains(done.getKey())) {
                    if (done.getValue()) {
                        removed++;
                    } else {
                        written++;
                    }
                }
            }
            pending = conflicts;
        }
        return new ReviewQueueIndex.Replacement(written, removed);
    }

    /** What to do with one id given its stored state; null leaves it as it is. */
    private BulkOperation operation(String runId, String id, ReviewItem item, Stored stored) {
        if (stored == null) {
            return item == null ? null : BulkOperation.of(op -> op.create(c -> c.index(index).id(id).document(item)));
        }
        ReviewStatus status = stored.status();
        if (status == ReviewStatus.DECIDED) {
            return null; // the answer is the record of a person's work: no run may change it
        }
        if (item == null) {
            return status == ReviewStatus.CLAIMED ? null : BulkOperation.of(op -> op.delete(d -> d.index(index).id(id)
                    .ifSeqNo(stored.seqNo()).ifPrimaryTerm(stored.primaryTerm())));
        }
        Object document = item;
        if (status == ReviewStatus.CLAIMED) {
            if (runId.equals(stored.source().path("run_id").asText())) {
                return null; // a restart asks the same: the annotator keeps the item as they took it
            }
            document = new Leased(item.withStatus(ReviewStatus.CLAIMED), stored.source().path("claimed_by").asText(null),
                    stored.source().path("claimed_until").asText(null));
        }
        Object written = document;
        return BulkOperation.of(op -> op.index(i -> i.index(index).id(id).document(written)
                .ifSeqNo(stored.seqNo()).ifPrimaryTerm(stored.primaryTerm())));
    }

    /** The stored items among {@code ids}, read in real time (not from the last refresh). */
    private Map<String, Stored> read(Collection<String> ids, String what) {
        List<String> all = new ArrayList<>(ids);
        Map<String, Stored> out = new HashMap<>();
        for (int start = 0; start < all.size(); start += READ_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + READ_CHUNK));
            MgetResponse<ObjectNode> response = ElasticsearchCalls.call(options, what,
                    () -> client.mget(m -> m.index(index).ids(chunk), ObjectNode.class));
            for (MultiGetResponseItem<ObjectNode> doc : response.docs()) {
                if (doc.isFailure()) {
                    throw new RegistryException(RegistryException.Reason.REJECTED, options.url(), what + ": reading "
                            + doc.failure().id() + ": " + doc.failure().error().reason(), null);
                }
                GetResult<ObjectNode> result = doc.result();
                if (result.found() && result.source() != null) {
                    out.put(result.id(), new Stored(result.source(), result.seqNo(), result.primaryTerm()));
                }
            }
        }
        return out;
    }
}

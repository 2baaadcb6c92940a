package io.faceengine.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchCalls;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.clustering.registry.RegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The review queue as annotators use it: open items, claims (leases) and decisions. Every
 * change to an item is conditional on the seq_no/primary_term it was read at, so two writers
 * never both win and a decision on a changed item is refused.
 */
final class ReviewStore {
    private static final ObjectMapper JSON = ApiJson.MAPPER;
    private static final Logger LOG = LoggerFactory.getLogger(ReviewStore.class);
    private static final List<String> CLAIM_FIELDS = List.of("claimed_by", "claimed_since", "claimed_until");

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final IndicesOnce indices;
    private final DecisionLog log;
    private final Clock clock;
    private final Duration lease;
    private final ClaimRules rules;
    private final VersionedDocuments items;

    /** Filters of the open-items listing; null does not filter. */
    record ItemFilter(String runId, String setId, String reason, Integer minSize) {
    }

    /** One page of items and the cursor of the next (null after the last). */
    record Page(List<ObjectNode> items, String next) {
    }

    ReviewStore(ElasticsearchConnection connection, IndicesOnce indices, DecisionLog log, Clock clock, Duration lease,
                ClaimRules rules) {
        this.client = connection.client();
        this.options = connection.options();
        this.indices = indices;
        this.log = log;
        this.clock = clock;
        this.lease = lease;
        this.rules = rules;
        this.items = new VersionedDocuments(connection, RegistryIndex.REVIEW_ITEMS.indexName(options));
    }

    /** Items open for claiming (open, or claimed with an expired lease), highest priority first, ties by id. */
    Page openItems(ItemFilter filter, int limit, String after) {
        indices.ensure();
        List<Query> clauses = new ArrayList<>();
        term(clauses, "run_id", filter.runId());
        term(clauses, "set_id", filter.setId());
        term(clauses, "reasons", filter.reason());
        if (filter.minSize() != null) {
            clauses.add(Query.of(q -> q.range(r -> r.number(n -> n.field("size").gte((double) filter.minSize())))));
        }
        clauses.add(claimable(clock.instant()));
        Query query = Query.of(q -> q.bool(b -> b.filter(clauses)));
        List<FieldValue> searchAfter = after == null ? null : decodeCursor(after);
        SearchResponse<ObjectNode> response = ElasticsearchCalls.call(options, "listing review items in " + items.index(),
                () -> client.search(s -> {
                    s.index(items.index()).query(query).size(limit).seqNoPrimaryTerm(true)
                            .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc)))
                            .sort(o -> o.field(f -> f.field("item_id").order(SortOrder.Asc)))
                            .trackTotalHits(t -> t.enabled(false));
                    if (searchAfter != null) {
                        s.searchAfter(searchAfter);
                    }
                    return s;
                }, ObjectNode.class));
        List<ObjectNode> out = new ArrayList<>();
        List<Hit<ObjectNode>> hits = response.hits().hits();
        for (Hit<ObjectNode> hit : hits) {
            out.add(withState(hit.source(), hit.seqNo(), hit.primaryTerm()));
        }
        String next = hits.size() < limit ? null : encodeCursor(hits.get(hits.size() - 1).sort());
        return new Page(out, next);
    }

    /** Items an annotator may claim: open, or claimed with an expired lease. */
    static Query claimable(Instant now) {
        Query open = Query.of(q -> q.term(t -> t.field("status").value("open")));
        Query expired = Query.of(q -> q.bool(b -> b
                .filter(Query.of(f -> f.term(t -> t.field("status").value("claimed"))))
                .filter(Query.of(f -> f.range(r -> r.date(d -> d.field("claimed_until").lte(now.toString())))))));
        // A run that republishes its items keeps their status but not the lease fields.
        Query leaseLost = Query.of(q -> q.bool(b -> b
                .filter(Query.of(f -> f.term(t -> t.field("status").value("claimed"))))
                .mustNot(Query.of(f -> f.exists(e -> e.field("claimed_until"))))));
        return Query.of(q -> q.bool(b -> b.should(open, expired, leaseLost).minimumShouldMatch("1")));
    }

    /** Items someone holds now: claimed with a lease that has not expired. */
    static Query leased(Instant now) {
        return Query.of(q -> q.bool(b -> b
                .filter(Query.of(f -> f.term(t -> t.field("status").value("claimed"))))
                .filter(Query.of(f -> f.range(r -> r.date(d -> d.field("claimed_until").gt(now.toString())))))));
    }

    /** One item in any status, with the seq_no/primary_term a decision on it must name. */
    ObjectNode item(String itemId) {
        indices.ensure();
        VersionedDocuments.Stored item = get(itemId);
        return withState(item.source(), item.seqNo(), item.primaryTerm());
    }

    /**
     * Leases the item to the caller; 409 when someone else holds it, it is decided, or the caller
     * holds {@link ClaimRules#maxOpenClaims()} items already. The caller's own claim is renewed,
     * but never past {@link ClaimRules#maxHold()} after it began ({@code claimed_since}).
     */
    ObjectNode claim(String itemId, Caller caller) {
        indices.ensure();
        VersionedDocuments.Stored item = get(itemId);
        Instant now = clock.instant();
        ObjectNode source = item.source();
        String status = source.path("status").asText();
        if ("decided".equals(status)) {
            throw ApiException.conflict("already_decided", "review item " + itemId + " is already decided");
        }
        if (!"open".equals(status) && !"claimed".equals(status)) {
            // superseded: a later run clustered the item's set again and asks its own questions
            throw ApiException.conflict("not_open", "review item " + itemId + " is " + status + " and cannot be claimed");
        }
        boolean leased = "claimed".equals(status) && leaseEnd(source).isAfter(now);
        boolean own = leased && caller.name().equals(source.path("claimed_by").asText());
        if (leased && !own) {
            throw ApiException.conflict("claimed", "review item " + itemId + " is claimed by "
                    + source.path("claimed_by").asText() + " until " + source.path("claimed_until").asText());
        }
        if (!own) {
            long held = heldBy(caller.name(), now);
            if (held >= rules.maxOpenClaims()) {
                throw ApiException.conflict("claim_limit", caller.name() + " holds " + held + " review items already (at most "
                        + rules.maxOpenClaims() + "); decide or release one first");
            }
        }
        Instant since = own ? claimStart(source) : now;
        Instant until = min(now.plus(lease), since.plus(rules.maxHold()));
        if (own && !until.isAfter(leaseEnd(source))) {
            return withState(source, item.seqNo(), item.primaryTerm()); // at the longest hold: the lease stays as it is
        }
        ObjectNode updated = source.deepCopy();
        updated.put("status", "claimed");
        updated.put("claimed_by", caller.name());
        updated.put("claimed_since", since.toString());
        updated.put("claimed_until", until.toString());
        VersionedDocuments.Stored written = writeIf(item, updated,
                "review item " + itemId + " changed while it was being claimed (another claim won)");
        return withState(updated, written.seqNo(), written.primaryTerm());
    }

    /**
     * Ends a claim before its lease does, opening the item to everyone: the holder's own
     * ({@code revoke} false), or anyone's by an admin ({@code revoke} true). 409 when the item is
     * not held (decided, open, or the lease ran out).
     */
    ObjectNode release(String itemId, Caller caller, boolean revoke) {
        indices.ensure();
        VersionedDocuments.Stored item = get(itemId);
        ObjectNode source = item.source();
        String holder = source.path("claimed_by").asText();
        if (!"claimed".equals(source.path("status").asText()) || !leaseEnd(source).isAfter(clock.instant())) {
            throw ApiException.conflict("not_claimed", "review item " + itemId + " is not claimed by anyone now (it is "
                    + source.path("status").asText() + ", or the lease ran out)");
        }
        if (!revoke && !caller.name().equals(holder)) {
            throw ApiException.conflict("claimed", "review item " + itemId + " is claimed by " + holder
                    + "; only they may release it (an admin may revoke it)");
        }
        ObjectNode updated = source.deepCopy();
        updated.put("status", "open");
        updated.remove(CLAIM_FIELDS);
        VersionedDocuments.Stored written = writeIf(item, updated,
                "review item " + itemId + " changed while it was being released; reload it");
        if (revoke) {
            LOG.info("{} ({}) revoked {}'s claim of review item {}", caller.name(), caller.role().text(), holder, itemId);
        }
        return withState(updated, written.seqNo(), written.primaryTerm());
    }

    /** How many items {@code annotator} holds now (unexpired leases). */
    private long heldBy(String annotator, Instant now) {
        Query query = Query.of(q -> q.bool(b -> b.filter(leased(now))
                .filter(Query.of(f -> f.term(t -> t.field("claimed_by").value(annotator))))));
        return ElasticsearchCalls.call(options, "counting the claims of " + annotator + " in " + items.index(),
                () -> client.count(c -> c.index(items.index()).query(query))).count();
    }

    /**
     * Records the decision if the caller holds the lease and the item is still in the state the
     * caller saw. The item is marked decided first (the conditional write is the gate), then the
     * decision is added to the audit log; both wait for a refresh so readers see them at once.
     * The same decision sent again by its annotator (an answer lost to an outage) completes the
     * log if it lacks the entry and answers the stored decision.
     */
    ObjectNode decide(String itemId, DecisionRequest request, Caller caller) {
        indices.ensure();
        VersionedDocuments.Stored item = get(itemId);
        ObjectNode source = item.source();
        List<String> itemFaces = new ArrayList<>();
        source.path("face_ids").forEach(f -> itemFaces.add(f.asText()));
        request.checkFits(itemId, source.path("kind").asText(), itemFaces);
        String decisionId = itemId + "@" + request.primaryTerm() + "." + request.seqNo();
        if ("decided".equals(source.path("status").asText()) && decisionId.equals(source.path("decision_id").asText())) {
            return retried(itemId, source, request, caller);
        }
        if (item.seqNo() != request.seqNo() || item.primaryTerm() != request.primaryTerm()) {
            throw ApiException.conflict("stale", "review item " + itemId + " is at seq_no " + item.seqNo()
                    + ", primary_term " + item.primaryTerm() + " but the decision was made on seq_no " + request.seqNo()
                    + ", primary_term " + request.primaryTerm() + "; reload the item");
        }
        Instant now = clock.instant();
        boolean holds = "claimed".equals(source.path("status").asText())
                && caller.name().equals(source.path("claimed_by").asText())
                && leaseEnd(source).isAfter(now);
        if (!holds) {
            throw ApiException.conflict("lease_not_held", "claim review item " + itemId + " before deciding it"
                    + " (it is " + source.path("status").asText() + ", or the lease expired)");
        }
        ObjectNode decision = JSON.createObjectNode();
        decision.put("decision_id", decisionId);
        decision.put("item_id", itemId);
        decision.put("run_id", source.path("run_id").asText());
        if (source.hasNonNull("set_id")) {
            decision.put("set_id", source.path("set_id").asText());
        }
        decision.put("kind", request.kind().text());
        ArrayNode faces = decision.putArray("face_ids");
        request.faceIds().forEach(faces::add);
        if (request.name() != null) {
            decision.put("name", request.name());
        }
        decision.put("annotator", caller.name());
        decision.put("role", caller.role().text());
        decision.put("decided_at", now.toString());
        decision.put("item_seq_no", item.seqNo());
        decision.put("item_primary_term", item.primaryTerm());

        ObjectNode updated = source.deepCopy();
        updated.put("status", "decided");
        updated.put("decision_id", decisionId);
        updated.set("decision", decision.deepCopy());
        writeIf(item, updated, "review item " + itemId + " changed while the decision was being recorded; reload the item");
        recordInLog(decision);
        return decision;
    }

    /** The item already holds this decision: answer it again if it is the caller's same answer. */
    private ObjectNode retried(String itemId, ObjectNode source, DecisionRequest request, Caller caller) {
        JsonNode stored = source.path("decision");
        if (!(stored instanceof ObjectNode decision) || !caller.name().equals(decision.path("annotator").asText())
                || !request.sameAnswerAs(decision)) {
            throw ApiException.conflict("already_decided", "review item " + itemId + " was already decided on this state by "
                    + stored.path("annotator").asText("another annotator") + "; reload the item");
        }
        recordInLog(decision);
        return decision;
    }

    /** Adds the decision to the audit log (if a retry has not already); the item holds it already. */
    private void recordInLog(ObjectNode decision) {
        try {
            log.record(decision);
        } catch (RegistryUnavailableException e) {
            throw new ApiException(503, "elasticsearch_unavailable", "review item " + decision.path("item_id").asText()
                    + " holds decision " + decision.path("decision_id").asText() + " but the audit log could not be"
                    + " written; send the same decision again to complete it");
        }
    }

    /**
     * Opens a decided item again (its decision was undone): no lease, no decision. Empty when the
     * item changed since {@code read}.
     */
    Optional<VersionedDocuments.Stored> reopen(VersionedDocuments.Stored read) {
        ObjectNode updated = read.source().deepCopy();
        updated.put("status", "open");
        updated.remove(CLAIM_FIELDS);
        updated.remove(List.of("decision_id", "decision"));
        return items.replaceIf(read, updated.path("item_id").asText(), updated);
    }

    /** The item as stored; 404 when there is none. */
    VersionedDocuments.Stored get(String itemId) {
        return items.get(itemId).orElseThrow(() -> ApiException.notFound("no review item " + itemId));
    }

    /** Writes the item only if it is still at the read state; losing that race is a 409. */
    private VersionedDocuments.Stored writeIf(VersionedDocuments.Stored read, ObjectNode document, String conflictMessage) {
        return items.replaceIf(read, document.path("item_id").asText(), document)
                .orElseThrow(() -> ApiException.conflict("stale", conflictMessage));
    }

    /** When the holder's claim began; one made before claimed_since was recorded counts from its last renewal. */
    private Instant claimStart(JsonNode source) {
        JsonNode since = source.get("claimed_since");
        return since != null && since.isTextual() ? Instant.parse(since.asText()) : leaseEnd(source).minus(lease);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant leaseEnd(JsonNode source) {
        JsonNode until = source.get("claimed_until");
        return until == null || !until.isTextual() ? Instant.MIN : Instant.parse(until.asText());
    }

    private static ObjectNode withState(ObjectNode source, Long seqNo, Long primaryTerm) {
        ObjectNode out = source.deepCopy();
        out.put("seq_no", seqNo);
        out.put("primary_term", primaryTerm);
        return out;
    }

    private static void term(List<Query> clauses, String field, String value) {
        if (value != null) {
            clauses.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }

    /** The cursor is the last hit's sort values (priority, item_id), opaque to clients. */
    private static String encodeCursor(List<FieldValue> sort) {
        ArrayNode values = JSON.createArrayNode();
        values.add(sort.get(0).doubleValue());
        values.add(sort.get(1).stringValue());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(values.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<FieldValue> decodeCursor(String cursor) {
        try {
            JsonNode values = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
            if (values.isArray() && values.size() == 2 && values.get(0).isNumber() && values.get(1).isTextual()) {
                return List.of(FieldValue.of(values.get(0).doubleValue()), FieldValue.of(values.get(1).asText()));
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("after must be the 'next' value of a previous page");
    }
}

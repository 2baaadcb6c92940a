package io.faceengine.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.util.NamedValue;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchCalls;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.clustering.registry.RegistryIndex;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the review is going, from Elasticsearch aggregations: per annotator the decisions made
 * (undos included), first and last decision time, decisions in the last hour, counts per kind
 * and how many were undone; and how many items are open, claimed, decided and superseded.
 */
final class AnnotationProgress {
    /** More annotators than any team has; the terms aggregation needs a bound. */
    private static final int MAX_ANNOTATORS = 10_000;
    private static final int MAX_KINDS = 50;
    private static final Duration RECENT = Duration.ofHours(1);

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final IndicesOnce indices;
    private final Clock clock;

    AnnotationProgress(ElasticsearchConnection connection, IndicesOnce indices, Clock clock) {
        this.client = connection.client();
        this.options = connection.options();
        this.indices = indices;
        this.clock = clock;
    }

    /** The report, for one run's items and decisions when {@code runId} is not null. */
    ObjectNode report(String runId) {
        indices.ensure();
        Instant now = clock.instant();
        Query scope = runId == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.term(t -> t.field("run_id").value(runId)));
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        out.put("as_of", now.toString());
        out.put("run", runId);
        out.set("items", itemCounts(scope, now));
        out.set("annotators", annotators(scope, now));
        return out;
    }

    private ObjectNode itemCounts(Query scope, Instant now) {
        String index = RegistryIndex.REVIEW_ITEMS.indexName(options);
        Map<String, Query> states = new LinkedHashMap<>();
        states.put("open", ReviewStore.claimable(now));
        states.put("claimed", ReviewStore.leased(now));
        states.put("decided", Query.of(q -> q.term(t -> t.field("status").value("decided"))));
        states.put("superseded", Query.of(q -> q.term(t -> t.field("status").value("superseded"))));
        SearchResponse<Void> response = ElasticsearchCalls.call(options, "counting review items in " + index,
                () -> client.search(s -> s.index(index).size(0).query(scope).trackTotalHits(t -> t.enabled(false))
                        .aggregations("states", a -> a.filters(f -> f.filters(b -> b.keyed(states)))), Void.class));
        ObjectNode counts = ApiJson.MAPPER.createObjectNode();
        var buckets = response.aggregations().get("states").filters().buckets().keyed();
        states.keySet().forEach(state -> counts.put(state, buckets.get(state).docCount()));
        return counts;
    }

    private ArrayNode annotators(Query scope, Instant now) {
        String index = RegistryIndex.DECISIONS.indexName(options);
        String since = now.minus(RECENT).toString();
        SearchResponse<Void> response = ElasticsearchCalls.call(options, "aggregating decisions in " + index,
                () -> client.search(s -> s.index(index).size(0).query(scope).trackTotalHits(t -> t.enabled(false))
                        .aggregations("annotators", a -> a
                                .terms(t -> t.field("annotator").size(MAX_ANNOTATORS).order(NamedValue.of("_key", SortOrder.Asc)))
                                .aggregations("first", x -> x.min(m -> m.field("decided_at")))
                                .aggregations("last", x -> x.max(m -> m.field("decided_at")))
                                .aggregations("last_hour", x -> x.filter(f -> f.range(r -> r.date(d -> d
                                        .field("decided_at").gte(since)))))
                                .aggregations("undone", x -> x.filter(f -> f.term(t -> t.field("undone").value(true))))
                                .aggregations("kinds", x -> x.terms(t -> t.field("kind").size(MAX_KINDS)))), Void.class));
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        for (StringTermsBucket bucket : response.aggregations().get("annotators").sterms().buckets().array()) {
            Map<String, Aggregate> aggs = bucket.aggregations();
            ObjectNode row = out.addObject();
            row.put("annotator", bucket.key().stringValue());
            row.put("decisions", bucket.docCount());
            row.put("first_decision_at", Instant.ofEpochMilli((long) aggs.get("first").min().value()).toString());
            row.put("last_decision_at", Instant.ofEpochMilli((long) aggs.get("last").max().value()).toString());
            row.put("last_hour", aggs.get("last_hour").filter().docCount());
            row.put("undone", aggs.get("undone").filter().docCount());
            ObjectNode kinds = row.putObject("by_kind");
            for (StringTermsBucket kind : aggs.get("kinds").sterms().buckets().array()) {
                kinds.put(kind.key().stringValue(), kind.docCount());
            }
        }
        return out;
    }
}

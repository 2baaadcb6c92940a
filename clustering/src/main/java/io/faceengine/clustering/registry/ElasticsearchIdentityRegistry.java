package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.KnnSearch;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import co.elastic.clients.elasticsearch.core.search.Hit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The identity registry in the identities index (see {@link RegistryIndex}). Nearest-identity
 * search is Elasticsearch's top-level kNN search over the cosine HNSW field {@code centroid}.
 */
public final class ElasticsearchIdentityRegistry implements IdentityRegistry {
    /** Searches per msearch request. */
    static final int MSEARCH_CHUNK = 100;
    /** Documents per page when reading the whole registry. */
    static final int PAGE = 1000;
    private static final String PIT_KEEP_ALIVE = "2m";

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;
    private final String index;

    public ElasticsearchIdentityRegistry(ElasticsearchClient client, ElasticsearchOptions options) {
        this.client = client;
        this.options = options;
        this.index = RegistryIndex.IDENTITIES.indexName(options);
    }

    @Override
    public void upsertAll(List<IdentityRecord> records) {
        Set<String> ids = new HashSet<>();
        List<BulkOperation> operations = new ArrayList<>(records.size());
        for (IdentityRecord record : records) {
            checkLength(record.centroid(), "centroid of " + record.identityId());
            if (!ids.add(record.identityId())) {
                throw new IllegalArgumentException("identity " + record.identityId() + " is given twice");
            }
            operations.add(BulkOperation.of(op -> op.index(i -> i.index(index).id(record.identityId()).document(record))));
        }
        ElasticsearchCalls.bulk(client, options, "writing " + records.size() + " identities to " + index, operations);
    }

    @Override
    public List<RegistryMatch> nearest(float[] centroid, int k, float minSimilarity) {
        return nearestBatch(List.of(centroid), k, minSimilarity).get(0);
    }

    @Override
    public List<List<RegistryMatch>> nearestBatch(List<float[]> centroids, int k, float minSimilarity) {
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be in [1, 10000], got " + k);
        }
        List<KnnSearch> searches = new ArrayList<>(centroids.size());
        for (float[] centroid : centroids) {
            checkLength(centroid, "query centroid");
            searches.add(knn(centroid, k, minSimilarity));
        }
        List<List<RegistryMatch>> results = new ArrayList<>(centroids.size());
        for (int start = 0; start < searches.size(); start += MSEARCH_CHUNK) {
            List<KnnSearch> chunk = searches.subList(start, Math.min(searches.size(), start + MSEARCH_CHUNK));
            List<RequestItem> items = new ArrayList<>(chunk.size());
            for (KnnSearch search : chunk) {
                items.add(RequestItem.of(r -> r.header(h -> h.index(index))
                        .body(b -> b.knn(search).size(k).source(s -> s.fetch(false)))));
            }
            MsearchResponse<Void> response = ElasticsearchCalls.call(options,
                    "kNN search of " + chunk.size() + " centroids in " + index,
                    () -> client.msearch(m -> m.searches(items), Void.class));
            for (MultiSearchResponseItem<Void> item : response.responses()) {
                if (item.isFailure()) {
                    var error = item.failure().error();
                    String type = error == null ? null : error.type();
                    throw new RegistryException("index_not_found_exception".equals(type)
                            ? RegistryException.Reason.INDEX_MISSING : RegistryException.Reason.REJECTED, options.url(),
                            "kNN search in " + index + " at " + options.url() + " failed: " + type + ": "
                                    + (error == null ? "?" : error.reason()), null);
                }
                results.add(matches(item.result().hits().hits()));
            }
        }
        return results;
    }

    @Override
    public Optional<IdentityRecord> get(String identityId) {
        var response = ElasticsearchCalls.call(options, "reading identity " + identityId + " from " + index,
                () -> client.get(g -> g.index(index).id(identityId), IdentityRecord.class));
        return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    }

    @Override
    public List<IdentityRecord> all() {
        // A point in time keeps the pages consistent with each other while runs write.
        String pit = ElasticsearchCalls.call(options, "opening a point in time on " + index,
                () -> client.openPointInTime(p -> p.index(index).keepAlive(t -> t.time(PIT_KEEP_ALIVE))).id());
        RegistryException failure = null;
        try {
            return readAll(pit);
        } catch (RegistryException e) {
            failure = e;
            throw e;
        } finally {
            try {
                ElasticsearchCalls.call(options, "closing a point in time on " + index,
                        () -> client.closePointInTime(c -> c.id(pit)));
            } catch (RegistryException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private List<IdentityRecord> readAll(String pit) {
        List<IdentityRecord> out = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<IdentityRecord> page = ElasticsearchCalls.call(options, "reading identities from " + index,
                    () -> client.search(s -> {
                        s.pit(p -> p.id(pit).keepAlive(t -> t.time(PIT_KEEP_ALIVE)))
                                .size(PAGE)
                                .sort(o -> o.field(f -> f.field("identity_id").order(SortOrder.Asc)))
                                .trackTotalHits(t -> t.enabled(false));
                        if (searchAfter != null) {
                            s.searchAfter(searchAfter);
                        }
                        return s;
                    }, IdentityRecord.class));
            List<Hit<IdentityRecord>> hits = page.hits().hits();
            for (Hit<IdentityRecord> hit : hits) {
                out.add(hit.source());
            }
            if (hits.size() < PAGE) {
                return out;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    @Override
    public long count() {
        return ElasticsearchCalls.call(options, "counting identities in " + index,
                () -> client.count(c -> c.index(index)).count());
    }

    private KnnSearch knn(float[] centroid, int k, float minSimilarity) {
        List<Float> vector = new ArrayList<>(centroid.length);
        for (float v : centroid) {
            vector.add(v);
        }
        return KnnSearch.of(s -> {
            s.field("centroid").queryVector(vector).k(k).numCandidates(Math.max(k, options.knnNumCandidates()));
            // For cosine, knn's similarity threshold is the raw cosine, not the score.
            if (minSimilarity > -1f) {
                s.similarity(minSimilarity);
            }
            return s;
        });
    }

    /** For a cosine field Elasticsearch scores (1 + cos) / 2; the caller wants the cosine. */
    private static List<RegistryMatch> matches(List<Hit<Void>> hits) {
        List<RegistryMatch> out = new ArrayList<>(hits.size());
        for (Hit<Void> hit : hits) {
            double score = hit.score() == null ? Double.NaN : hit.score();
            out.add(new RegistryMatch(hit.id(), (float) (2 * score - 1)));
        }
        return out;
    }

    private void checkLength(float[] vector, String what) {
        if (vector.length != options.centroidDims()) {
            throw new IllegalArgumentException(what + " has " + vector.length + " values; elasticsearch.centroidDims is "
                    + options.centroidDims());
        }
    }
}

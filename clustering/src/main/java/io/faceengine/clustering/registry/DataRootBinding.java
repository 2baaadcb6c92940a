package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Binds a prefix's indices to one data root: the {@link RegistryIndex#DATA_ROOT} index holds one
 * document naming the data root whose runs fill the registry and the review queue. A program that
 * works on a data root refuses indices another data root owns, so two data roots never exchange
 * decisions, queue items whose crops the other cannot serve, or overwrite each other's identities.
 * The owner document is created once with "create" semantics, so of two data roots binding fresh
 * indices at the same moment exactly one wins and the other is refused.
 * <p>
 * Indices filled before data roots were bound have no owner. A data root claims them only when they
 * hold at least one of its own committed runs; otherwise they belong to another data root and are refused.
 */
public final class DataRootBinding {
    static final String OWNER_ID = "owner";

    /** What the indices are to a data root that may use them. */
    public enum Claim {
        /** Bound to this data root already. */
        BOUND,
        /** No owner and no documents: a first run binds them. */
        EMPTY,
        /** No owner, but documents written by this data root's committed runs before binding existed. */
        OWN_UNBOUND_RUNS
    }

    /** The owner document. */
    record Owner(@JsonProperty("data_root_id") String dataRootId, @JsonProperty("data_root") String dataRoot,
                 @JsonProperty("bound_at") String boundAt, @JsonProperty("claimed_existing") boolean claimedExisting) {
    }

    private final ElasticsearchClient client;
    private final ElasticsearchOptions options;

    public DataRootBinding(ElasticsearchClient client, ElasticsearchOptions options) {
        this.client = client;
        this.options = options;
    }

    /**
     * Whether this data root may use the indices, without changing anything (a run checks this
     * before any model work; the indices need not exist). Throws {@link RegistryException.Reason#DATA_ROOT_MISMATCH}
     * when they are another data root's.
     *
     * @param committedRunIds the data root's committed runs, the evidence for claiming unbound documents
     */
    public Claim check(DataRootId id, String location, Collection<String> committedRunIds) {
        Owner owner = owner();
        if (owner != null) {
            requireOwner(owner, id, location);
            return Claim.BOUND;
        }
        long documents = count(null);
        if (documents == 0) {
            return Claim.EMPTY;
        }
        if (committedRunIds.isEmpty() || count(ownRuns(committedRunIds)) == 0) {
            throw mismatch("the indices " + options.indexPrefix() + "-* at " + options.url() + " hold " + documents
                    + " documents written before data roots were bound to their indices, and none comes from a committed"
                    + " run of data root " + describe(location, id) + ", so they belong to another data root. "
                    + fix(id, "run once on the data root that filled them, which then claims them"));
        }
        return Claim.OWN_UNBOUND_RUNS;
    }

    /**
     * Binds the indices to this data root unless they are bound already; as {@link #check}, but
     * records the owner. Call after {@link IndexSetup#ensure}. Returns what the indices were before.
     */
    public Claim bind(DataRootId id, String location, Collection<String> committedRunIds) {
        Claim claim = check(id, location, committedRunIds);
        if (claim == Claim.BOUND) {
            return claim;
        }
        Owner owner = new Owner(id.id(), location, Instant.now().toString(), claim == Claim.OWN_UNBOUND_RUNS);
        String index = RegistryIndex.DATA_ROOT.indexName(options);
        try {
            ElasticsearchCalls.call(options, "binding " + options.indexPrefix() + "-* to data root " + location,
                    () -> client.create(c -> c.index(index).id(OWNER_ID).document(owner).refresh(Refresh.WaitFor)));
        } catch (RegistryException e) {
            if (!ElasticsearchCalls.isConflict(e)) {
                throw e;
            }
            // Another program bound them between our check and our write: accepted only if it was this data root.
            requireOwner(owner(), id, location);
            return Claim.BOUND;
        }
        return claim;
    }

    /**
     * For a program that only reads the data root (the review API): true when the indices are bound to
     * it, false when no data root owns them yet; throws when another one does. {@code id} is null
     * when the data root has no id yet (no run started there since binding exists).
     */
    public boolean isBoundTo(DataRootId id, String location) {
        Owner owner = owner();
        if (owner == null) {
            return false;
        }
        requireOwner(owner, id, location);
        return true;
    }

    /**
     * Where the owning data root was when it bound the indices; null when none owns them. A different
     * location with the same id is a moved data root, or a copy (which keeps the id of its original).
     */
    public String ownerLocation() {
        Owner owner = owner();
        return owner == null ? null : owner.dataRoot();
    }

    /** The owner document; null when the indices have none (or do not exist). */
    Owner owner() {
        String index = RegistryIndex.DATA_ROOT.indexName(options);
        try {
            GetResponse<Owner> got = ElasticsearchCalls.call(options, "reading the data root that owns " + index,
                    () -> client.get(g -> g.index(index).id(OWNER_ID), Owner.class));
            return got.found() ? got.source() : null;
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.INDEX_MISSING) {
                return null;
            }
            throw e;
        }
    }

    private void requireOwner(Owner owner, DataRootId id, String location) {
        if (id != null && owner.dataRootId().equals(id.id())) {
            return;
        }
        throw mismatch("the indices " + options.indexPrefix() + "-* at " + options.url() + " belong to data root "
                + owner.dataRoot() + " (id " + owner.dataRootId() + ", bound " + owner.boundAt() + "), not to data root "
                + describe(location, id) + ". Two data roots must not share one registry and review queue. "
                + fix(id, "use the data root " + owner.dataRoot()));
    }

    private String fix(DataRootId id, String otherWay) {
        String suggestion = options.indexPrefix() + "-" + (id == null ? "2" : id.id().substring(0, 8));
        return "Either give this data root its own indices (e.g. --set elasticsearch.indexPrefix=" + suggestion
                + ", and the same setting for its review API), or " + otherWay + ".";
    }

    private static String describe(String location, DataRootId id) {
        return location + (id == null ? " (which has no " + DataRootId.FILE_NAME + " yet)" : " (id " + id.id() + ")");
    }

    private RegistryException mismatch(String message) {
        return new RegistryException(RegistryException.Reason.DATA_ROOT_MISMATCH, options.url(), message, null);
    }

    /** Documents in the registry, review queue and decision log matching {@code query} (all when null). */
    private long count(Query query) {
        List<String> indices = List.of(RegistryIndex.IDENTITIES.indexName(options),
                RegistryIndex.REVIEW_ITEMS.indexName(options), RegistryIndex.DECISIONS.indexName(options));
        return ElasticsearchCalls.call(options, "counting the documents in " + indices, () -> client.count(c -> {
            c.index(indices).ignoreUnavailable(true).allowNoIndices(true);
            return query == null ? c : c.query(query);
        }).count());
    }

    /** Documents a run among {@code runIds} wrote: review items and decisions by run, identities by creating or updating run. */
    private static Query ownRuns(Collection<String> runIds) {
        List<FieldValue> values = runIds.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.terms(t -> t.field("run_id").terms(v -> v.value(values))))
                .should(s -> s.terms(t -> t.field("created_run").terms(v -> v.value(values))))
                .should(s -> s.terms(t -> t.field("updated_run").terms(v -> v.value(values))))));
    }
}

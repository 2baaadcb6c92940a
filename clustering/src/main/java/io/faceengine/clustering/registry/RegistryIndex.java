package io.faceengine.clustering.registry;

/**
 * The engine's Elasticsearch indices. Each is named {@code <indexPrefix>-<suffix>} and defined
 * (settings and mappings) by {@code conf/elasticsearch/<suffix>.json}, packaged on the classpath.
 */
public enum RegistryIndex {
    /** One document per identity, id = identity_id. */
    IDENTITIES("identities"),
    /** One document per review item, id = item_id. */
    REVIEW_ITEMS("review-items"),
    /** One document per annotator decision, the audit log; id = decision_id. */
    DECISIONS("decisions"),
    /** One document, id {@code owner}: the data root these indices belong to (see {@link DataRootBinding}). */
    DATA_ROOT("data-root");

    private final String suffix;

    RegistryIndex(String suffix) {
        this.suffix = suffix;
    }

    public String indexName(ElasticsearchOptions options) {
        return options.indexPrefix() + "-" + suffix;
    }

    /** Classpath resource holding the create-index body. */
    public String definitionResource() {
        return "/elasticsearch/" + suffix + ".json";
    }
}

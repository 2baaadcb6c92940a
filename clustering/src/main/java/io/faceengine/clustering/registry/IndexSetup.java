package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.indices.get_mapping.IndexMappingRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;

/**
 * Creates the engine's indices when missing, from the definitions in conf/elasticsearch/.
 * Idempotent and safe to run from several programs at once: an index that exists keeps its
 * fields (only checked), gains the fields a newer definition added, and losing a creation race
 * to another program counts as success.
 */
public final class IndexSetup {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndexSetup() {
    }

    public static void ensure(ElasticsearchClient client, ElasticsearchOptions options) {
        for (RegistryIndex index : RegistryIndex.values()) {
            String name = index.indexName(options);
            boolean exists = ElasticsearchCalls.call(options, "checking index " + name,
                    () -> client.indices().exists(e -> e.index(name)).value());
            if (!exists) {
                create(client, options, index, name);
            } else {
                addMissingFields(client, options, index, name);
            }
        }
        checkCentroidDims(client, options);
    }

    /** The create-index body for {@code index}, with the configured centroid length filled in. */
    static String definition(RegistryIndex index, ElasticsearchOptions options) {
        ObjectNode body;
        try (InputStream in = IndexSetup.class.getResourceAsStream(index.definitionResource())) {
            if (in == null) {
                throw new IllegalStateException("index definition " + index.definitionResource() + " is missing from the classpath");
            }
            body = (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index definition " + index.definitionResource(), e);
        }
        if (index == RegistryIndex.IDENTITIES) {
            JsonNode centroid = body.path("mappings").path("properties").path("centroid");
            if (!(centroid instanceof ObjectNode centroidNode)) {
                throw new IllegalStateException(index.definitionResource() + " defines no centroid field");
            }
            centroidNode.put("dims", options.centroidDims());
        }
        return body.toString();
    }

    private static void create(ElasticsearchClient client, ElasticsearchOptions options, RegistryIndex index, String name) {
        String body = definition(index, options);
        try {
            ElasticsearchCalls.call(options, "creating index " + name,
                    () -> client.indices().create(c -> c.index(name).withJson(new StringReader(body))));
        } catch (RegistryException e) {
            if (e.getCause() instanceof ElasticsearchException es && es.error() != null
                    && "resource_already_exists_exception".equals(es.error().type())) {
                return; // another program created it between our check and our create
            }
            throw e;
        }
    }

    /**
     * Adds the fields the definition has and the index lacks (mappings are strict, so a document
     * with a field newer than its index would be refused). Existing fields are never changed.
     */
    private static void addMissingFields(ElasticsearchClient client, ElasticsearchOptions options, RegistryIndex index,
                                         String name) {
        JsonNode wanted;
        try {
            wanted = JSON.readTree(definition(index, options)).path("mappings").path("properties");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read index definition " + index.definitionResource(), e);
        }
        IndexMappingRecord mapping = ElasticsearchCalls.call(options, "reading the mapping of " + name,
                () -> client.indices().getMapping(g -> g.index(name)).get(name));
        ObjectNode missing = JSON.createObjectNode();
        wanted.fields().forEachRemaining(field -> {
            if (mapping == null || !mapping.mappings().properties().containsKey(field.getKey())) {
                missing.set(field.getKey(), field.getValue());
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        String body = JSON.createObjectNode().set("properties", missing).toString();
        ElasticsearchCalls.call(options, "adding fields " + missing.properties().stream().map(e -> e.getKey()).toList()
                + " to index " + name, () -> client.indices().putMapping(p -> p.index(name).withJson(new StringReader(body))));
    }

    /** The centroid length cannot change on an existing index; say so instead of failing every write. */
    private static void checkCentroidDims(ElasticsearchClient client, ElasticsearchOptions options) {
        String name = RegistryIndex.IDENTITIES.indexName(options);
        IndexMappingRecord mapping = ElasticsearchCalls.call(options, "reading the mapping of " + name,
                () -> client.indices().getMapping(g -> g.index(name)).get(name));
        Property centroid = mapping == null ? null : mapping.mappings().properties().get("centroid");
        Integer dims = centroid != null && centroid.isDenseVector() ? centroid.denseVector().dims() : null;
        if (dims == null || dims != options.centroidDims()) {
            throw new RegistryException(RegistryException.Reason.INDEX_MISMATCH, options.url(),
                    "index " + name + " at " + options.url() + " has " + (dims == null ? "no dense_vector centroid"
                            : "centroids of length " + dims) + " but elasticsearch.centroidDims is " + options.centroidDims()
                            + "; use another elasticsearch.indexPrefix for a different embedder", null);
        }
    }
}

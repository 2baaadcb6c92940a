package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexSetupTest {

    @Test
    void definitionsComeFromTheClasspathWithTheConfiguredCentroidLength() throws Exception {
        ElasticsearchOptions options = ElasticsearchOptions.defaults();
        ObjectMapper json = new ObjectMapper();
        JsonNode identities = json.readTree(IndexSetup.definition(RegistryIndex.IDENTITIES, options.withIndexPrefix("x")));
        assertEquals(192, identities.at("/mappings/properties/centroid/dims").intValue());
        assertEquals("cosine", identities.at("/mappings/properties/centroid/similarity").asText());
        JsonNode custom = json.readTree(IndexSetup.definition(RegistryIndex.IDENTITIES,
                new ElasticsearchOptions(options.url(), "x", options.requestTimeout(), 64, 10)));
        assertEquals(64, custom.at("/mappings/properties/centroid/dims").intValue());
        JsonNode review = json.readTree(IndexSetup.definition(RegistryIndex.REVIEW_ITEMS, options));
        assertFalse(review.at("/mappings/properties/details/enabled").asBoolean(true));
    }

    @Test
    void ensureCreatesTheIndicesOnceAndLeavesThemAlone() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open()) {
            String identities = RegistryIndex.IDENTITIES.indexName(es.options);
            String review = RegistryIndex.REVIEW_ITEMS.indexName(es.options);
            assertFalse(es.client().indices().exists(e -> e.index(identities)).value());

            IndexSetup.ensure(es.client(), es.options);
            Map<String, IndexState> created = es.client().indices().get(g -> g.index(List.of(identities, review))).result();
            assertEquals(2, created.size());
            for (IndexState state : created.values()) {
                assertEquals("0", state.settings().index().numberOfReplicas());
            }
            Property centroid = created.get(identities).mappings().properties().get("centroid");
            assertEquals(192, centroid.denseVector().dims());
            assertEquals("hnsw", centroid.denseVector().indexOptions().type().jsonValue());

            IdentityRegistry registry = es.connection.identityRegistry();
            float[] v = TestElasticsearch.randomVector(new Random(1), 192);
            registry.upsertAll(List.of(new IdentityRecord("id-1", v, 3, List.of("s1"), "run-1", "run-1",
                    IdentityStatus.AUTO, null, "m1", List.of())));

            IndexSetup.ensure(es.client(), es.options);
            Map<String, IndexState> again = es.client().indices().get(g -> g.index(List.of(identities, review))).result();
            assertEquals(created.get(identities).settings().index().uuid(), again.get(identities).settings().index().uuid());
            assertEquals(created.get(review).settings().index().uuid(), again.get(review).settings().index().uuid());
            assertEquals(1, registry.count());
        }
    }

    @Test
    void anIndexMadeByAnEarlierVersionGainsTheFieldsAddedSince() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open()) {
            String review = RegistryIndex.REVIEW_ITEMS.indexName(es.options);
            ObjectNode earlier = (ObjectNode) new ObjectMapper().readTree(IndexSetup.definition(RegistryIndex.REVIEW_ITEMS, es.options));
            ((ObjectNode) earlier.path("mappings").path("properties")).remove("claimed_since");
            es.client().indices().create(c -> c.index(review).withJson(new StringReader(earlier.toString())));

            IndexSetup.ensure(es.client(), es.options);
            Map<String, Property> fields = es.client().indices().getMapping(g -> g.index(review)).get(review).mappings()
                    .properties();
            assertTrue(fields.get("claimed_since").isDate(), "the missing field is added: " + fields.keySet());
            assertTrue(fields.get("claimed_until").isDate(), "the others are kept");
            IndexSetup.ensure(es.client(), es.options); // nothing left to add
        }
    }

    @Test
    void anIndexMadeForAnotherCentroidLengthIsReported() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open(128).withIndices()) {
            ElasticsearchOptions other = new ElasticsearchOptions(es.options.url(), es.options.indexPrefix(),
                    es.options.requestTimeout(), 192, es.options.knnNumCandidates());
            RegistryException e = assertThrows(RegistryException.class, () -> IndexSetup.ensure(es.client(), other));
            assertEquals(RegistryException.Reason.INDEX_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains("128") && e.getMessage().contains("192"), e.getMessage());
        }
    }

    @Test
    void usingTheRegistryBeforeSetupSaysWhatToDo() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open()) {
            RegistryException e = assertThrows(RegistryException.class, () -> es.connection.identityRegistry().count());
            assertEquals(RegistryException.Reason.INDEX_MISSING, e.reason());
            assertTrue(e.getMessage().contains("IndexSetup.ensure"), e.getMessage());
        }
    }
}

package io.faceengine.clustering.registry;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.pipeline.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticsearchOptionsTest {

    @Test
    void thePackagedConfigurationHoldsTheDefaults() {
        assertEquals(ElasticsearchOptions.defaults(),
                ElasticsearchOptions.fromTree(ConfigLoader.defaultsOnly().elasticsearch()));
        assertEquals(ElasticsearchOptions.defaults(), ElasticsearchOptions.fromTree(null));
    }

    @Test
    void overridesApplyOverTheDefaults() {
        ElasticsearchOptions options = ElasticsearchOptions.fromTree(ConfigLoader.load(null, List.of(
                "elasticsearch.url=http://es-1:9200, http://es-2:9200", "elasticsearch.indexPrefix=prod",
                "elasticsearch.requestTimeoutSeconds=2.5", "elasticsearch.knnNumCandidates=300")).elasticsearch());
        assertEquals(List.of("http://es-1:9200", "http://es-2:9200"), options.urls());
        assertEquals("prod-identities", RegistryIndex.IDENTITIES.indexName(options));
        assertEquals("prod-review-items", RegistryIndex.REVIEW_ITEMS.indexName(options));
        assertEquals(Duration.ofMillis(2500), options.requestTimeout());
        assertEquals(300, options.knnNumCandidates());
        assertEquals(192, options.centroidDims());
    }

    @Test
    void mistakesAreErrorsNamingTheKey() {
        ObjectNode typo = JsonNodeFactory.instance.objectNode().put("indexPrefx", "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElasticsearchOptions.fromTree(typo));
        assertTrue(e.getMessage().contains("elasticsearch.indexPrefx"), e.getMessage());

        ObjectNode upper = JsonNodeFactory.instance.objectNode().put("indexPrefix", "Face");
        e = assertThrows(IllegalArgumentException.class, () -> ElasticsearchOptions.fromTree(upper));
        assertTrue(e.getMessage().contains("indexPrefix"), e.getMessage());

        ObjectNode notAUrl = JsonNodeFactory.instance.objectNode().put("url", "localhost:9200");
        e = assertThrows(IllegalArgumentException.class, () -> ElasticsearchOptions.fromTree(notAUrl));
        assertTrue(e.getMessage().contains("elasticsearch.url"), e.getMessage());

        ObjectNode fractional = JsonNodeFactory.instance.objectNode().put("centroidDims", 19.5);
        e = assertThrows(IllegalArgumentException.class, () -> ElasticsearchOptions.fromTree(fractional));
        assertTrue(e.getMessage().contains("centroidDims"), e.getMessage());
    }
}

package io.faceengine.clustering.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.faceengine.clustering.dedup.DedupOptions;
import io.faceengine.clustering.review.HardExampleOptions;
import io.faceengine.clustering.review.UncertaintyOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewOptionsConfigTest {
    /** The sections proposed for the configuration file; they must spell out the defaults. */
    private static final String PROPOSED = """
            dedup:
              autoMergeThreshold: 0.60
              reviewThreshold: 0.50
              identityMargin: 0.05
              crossSetOnly: true
            review:
              uncertainty:
                nearThresholdBand: 0.05
                acceptCohesion: 0.65
                acceptMargin: 0.25
                minAcceptSize: 1
                outlierMinSimilarity: 0.30
                outlierDrop: 0.25
                boundaryMargin: 0.05
              hardExamples:
                maxPositivesPerCluster: 2
                positiveBelow: 0.45
                maxNegativesPerCluster: 2
                negativeAbove: 0.55
            """;

    private static JsonNode proposed() throws Exception {
        return new ObjectMapper(new YAMLFactory()).readTree(PROPOSED);
    }

    @Test
    void theProposedSectionsAreTheDefaults() throws Exception {
        JsonNode tree = proposed();
        assertEquals(DedupOptions.defaults(), DedupOptions.fromTree(tree.get("dedup")));
        assertEquals(UncertaintyOptions.defaults(), UncertaintyOptions.fromTree(tree.get("review").get("uncertainty")));
        assertEquals(HardExampleOptions.defaults(), HardExampleOptions.fromTree(tree.get("review").get("hardExamples")));
        assertEquals(DedupOptions.defaults(), DedupOptions.fromTree(null));
    }

    @Test
    void absentKeysKeepDefaultsAndGivenOnesWin() throws Exception {
        ObjectNode section = new ObjectMapper().createObjectNode().put("reviewThreshold", 0.3);
        DedupOptions options = DedupOptions.fromTree(section);
        assertEquals(0.3f, options.reviewThreshold());
        assertEquals(DedupOptions.defaults().autoMergeThreshold(), options.autoMergeThreshold());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingIt() throws Exception {
        ObjectNode section = (ObjectNode) proposed().get("dedup").deepCopy();
        section.put("autoMergeTreshold", 0.7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DedupOptions.fromTree(section));
        assertTrue(e.getMessage().contains("dedup.autoMergeTreshold"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithTheirKey() throws Exception {
        ObjectNode dedup = (ObjectNode) proposed().get("dedup").deepCopy();
        dedup.put("reviewThreshold", 0.8);
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> DedupOptions.fromTree(dedup));
        assertTrue(order.getMessage().contains("reviewThreshold"), order.getMessage());

        ObjectNode uncertainty = (ObjectNode) proposed().get("review").get("uncertainty").deepCopy();
        uncertainty.put("minAcceptSize", 2.5);
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class, () -> UncertaintyOptions.fromTree(uncertainty));
        assertTrue(fraction.getMessage().contains("minAcceptSize"), fraction.getMessage());
    }
}

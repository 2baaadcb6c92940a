package io.faceengine.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityConfigTest {

    @Test
    void theProposedSectionBinds() {
        QualityConfig config = TestQualityConfig.defaults();
        assertEquals(0.9, config.policy().minDetScore());
        assertEquals(40, config.policy().minEmbeddingNorm());
        assertEquals(new HistogramBins(-90, 90, 36), config.histograms().yaw());
        for (QualityMetric metric : QualityMetric.values()) {
            assertTrue(metric.bins(config.histograms()).bins() > 0, metric.field());
        }
    }

    @Test
    void anUnknownKeyIsAnErrorNamingIt() {
        ObjectNode section = TestQualityConfig.section().deepCopy();
        ((ObjectNode) section.get("policy")).put("minBlurr", 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualityConfig.fromTree(section));
        assertTrue(e.getMessage().contains("minBlurr"), e.getMessage());
    }

    @Test
    void aMissingThresholdIsAnErrorNamingIt() {
        ObjectNode section = TestQualityConfig.section().deepCopy();
        ((ObjectNode) section.get("policy")).remove("minBlur");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualityConfig.fromTree(section));
        assertTrue(e.getMessage().contains("minBlur"), e.getMessage());
    }

    @Test
    void aBadHistogramRangeIsRefused() {
        ObjectNode section = TestQualityConfig.section().deepCopy();
        ((ObjectNode) section.get("histograms").get("blur")).put("max", -1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualityConfig.fromTree(section));
        assertTrue(e.getMessage().contains("max > min"), e.getMessage());
    }

    @Test
    void binOfPutsEdgesWhereTheStatisticsDo() {
        HistogramBins bins = new HistogramBins(0, 10, 5);
        assertEquals(-1, bins.binOf(-0.001));
        assertEquals(0, bins.binOf(0));
        assertEquals(0, bins.binOf(1.999));
        assertEquals(1, bins.binOf(2));
        assertEquals(4, bins.binOf(10));
        assertEquals(5, bins.binOf(10.001));
        assertEquals(HistogramBins.NOT_APPLICABLE, bins.binOf(Double.NaN), "NaN: the metric does not apply");
    }
}

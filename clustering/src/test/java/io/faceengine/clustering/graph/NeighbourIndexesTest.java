package io.faceengine.clustering.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NeighbourIndexesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static VectorSet random(int n) {
        Random random = new Random(n);
        float[] values = new float[n * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return VectorSet.normalised(n, 8, values);
    }

    @Test
    void exactUpToTheLimitApproximateAbove() {
        NeighbourIndexOptions options = NeighbourIndexOptions.DEFAULTS.withExactMaxSize(300).withThreads(1);
        NeighbourIndex atLimit = NeighbourIndexes.build(random(300), options);
        NeighbourIndex above = NeighbourIndexes.build(random(301), options);
        assertInstanceOf(ExactCosineKnn.class, atLimit);
        assertInstanceOf(HnswNeighbourIndex.class, above);
        assertEquals(300, atLimit.size());
        assertEquals(301, above.size());
        assertEquals(options.hnsw(), ((HnswNeighbourIndex) above).parameters());
    }

    @Test
    void readsAFullSection() throws Exception {
        NeighbourIndexOptions options = NeighbourIndexOptions.fromTree(JSON.readTree(
                "{\"exactMaxSize\": 1000, \"threads\": 3, \"hnsw\": {\"m\": 8, \"efConstruction\": 64, \"ef\": 32}}"));
        assertEquals(new NeighbourIndexOptions(1000, 3, new HnswParameters(8, 64, 32)), options);
    }

    @Test
    void absentKeysKeepTheirDefaults() throws Exception {
        assertEquals(NeighbourIndexOptions.DEFAULTS, NeighbourIndexOptions.fromTree(null));
        assertEquals(NeighbourIndexOptions.DEFAULTS, NeighbourIndexOptions.fromTree(JSON.readTree("{}")));
        NeighbourIndexOptions partial = NeighbourIndexOptions.fromTree(JSON.readTree("{\"hnsw\": {\"ef\": 40}}"));
        assertEquals(300_000, partial.exactMaxSize());
        assertEquals(0, partial.threads());
        assertEquals(new HnswParameters(16, 200, 40), partial.hnsw());
    }

    @Test
    void refusesUnknownKeysAndNonIntegers() throws Exception {
        IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
                () -> NeighbourIndexOptions.fromTree(JSON.readTree("{\"hnsw\": {\"efSearch\": 40}}")));
        assertTrue(misspelt.getMessage().contains("efSearch"), misspelt.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> NeighbourIndexOptions.fromTree(JSON.readTree("{\"exactMaxSize\": 1.5}")));
        assertTrue(fraction.getMessage().contains("exactMaxSize"), fraction.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NeighbourIndexOptions.fromTree(JSON.readTree("{\"threads\": -1}")));
        assertThrows(IllegalArgumentException.class,
                () -> NeighbourIndexOptions.fromTree(JSON.readTree("{\"hnsw\": {\"m\": 1}}")));
    }
}

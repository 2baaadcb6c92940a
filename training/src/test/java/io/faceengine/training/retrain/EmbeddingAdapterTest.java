package io.faceengine.training.retrain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingAdapterTest {
    @TempDir
    java.nio.file.Path folder;

    @Test
    void identityAdapterLeavesUnitEmbeddingsUnchanged() {
        EmbeddingAdapter identity = EmbeddingAdapter.identity(192);
        SplittableRandom random = new SplittableRandom(3);
        for (int face = 0; face < 50; face++) {
            float[] embedding = unit(random, 192);
            // Re-normalising may move the last bit of a float, nothing more.
            assertArrayEquals(embedding, identity.apply(embedding), 1e-7f);
        }
        assertEquals(0.0, identity.distanceFromIdentity());
    }

    @Test
    void appliesWeightsAndBiasThenNormalises() {
        EmbeddingAdapter swapAndShift = new EmbeddingAdapter(2, new float[]{0, 2, 1, 0}, new float[]{0, 1});
        // (0·3 + 2·4 + 0, 1·3 + 0·4 + 1) = (8, 4) → (2, 1)/√5
        float[] out = swapAndShift.apply(new float[]{3, 4});
        assertArrayEquals(new float[]{(float) (2 / Math.sqrt(5)), (float) (1 / Math.sqrt(5))}, out, 1e-7f);
    }

    @Test
    void savedAdapterLoadsBackBitForBit() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        float[] weights = new float[16 * 16];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = (float) random.nextGaussian();
        }
        EmbeddingAdapter adapter = new EmbeddingAdapter(16, weights, unit(random, 16));
        Path file = new Path(folder.resolve("adapter.json").toString());
        adapter.save(new Configuration(), file, JsonNodeFactory.instance.objectNode().put("epochs", 3));

        EmbeddingAdapter loaded = EmbeddingAdapter.load(new Configuration(), file);
        assertEquals(adapter, loaded);
        assertArrayEquals(adapter.weights(), loaded.weights());
        String json = Files.readString(folder.resolve("adapter.json"));
        assertTrue(json.contains("\"format\" : \"" + EmbeddingAdapter.FORMAT + "\""), json.substring(0, 200));
        assertTrue(json.contains("\"epochs\" : 3"));
    }

    @Test
    void refusesOtherFilesAndShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingAdapter.fromJson("{\"format\":\"something-else\",\"formatVersion\":1}", "x.json"));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingAdapter(3, new float[8], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingAdapter.identity(4).apply(new float[5]));
        assertNotEquals(EmbeddingAdapter.identity(4), EmbeddingAdapter.identity(5));
    }

    private static float[] unit(SplittableRandom random, int d) {
        float[] v = new float[d];
        double squares = 0;
        for (int k = 0; k < d; k++) {
            v[k] = (float) random.nextGaussian();
            squares += v[k] * v[k];
        }
        for (int k = 0; k < d; k++) {
            v[k] /= (float) Math.sqrt(squares);
        }
        return v;
    }
}

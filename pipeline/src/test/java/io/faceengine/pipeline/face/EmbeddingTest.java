package io.faceengine.pipeline.face;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddingTest {

    @Test
    void fromRawNormalisesAndKeepsTheRawNorm() {
        Embedding e = Embedding.fromRaw(new float[]{3, 0, -4});
        assertArrayEquals(new float[]{0.6f, 0, -0.8f}, e.vector(), 1e-6f);
        assertEquals(5f, e.rawNorm(), 1e-6f);
        // The input is not normalised in place.
        float[] raw = {30, 40};
        Embedding.fromRaw(raw);
        assertArrayEquals(new float[]{30, 40}, raw);
    }

    @Test
    void zeroVectorHasZeroNormAndNoNaN() {
        Embedding e = Embedding.fromRaw(new float[4]);
        assertEquals(0f, e.rawNorm());
        assertArrayEquals(new float[4], e.vector());
    }

    @Test
    void cosineOfNormalisedVectors() {
        Embedding a = Embedding.fromRaw(new float[]{2, 0});
        Embedding b = Embedding.fromRaw(new float[]{0, 7});
        Embedding c = Embedding.fromRaw(new float[]{5, 5});
        assertEquals(1f, a.cosine(a), 1e-6f);
        assertEquals(0f, a.cosine(b), 1e-6f);
        assertEquals(-1f, a.cosine(Embedding.fromRaw(new float[]{-0.1f, 0})), 1e-6f);
        assertEquals((float) Math.sqrt(0.5), a.cosine(c), 1e-6f);
        assertEquals(c.cosine(b), b.cosine(c), 0f);
    }

    @Test
    void cosineRefusesDifferentSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> Embedding.fromRaw(new float[]{1, 2}).cosine(Embedding.fromRaw(new float[]{1, 2, 3})));
    }
}

package io.faceengine.training.network;

import ai.djl.ndarray.types.Shape;
import io.faceengine.pipeline.model.tflite.TfliteOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamePaddingTest {
    private static TfliteOptions options(TfliteOptions.Padding padding, int stride) {
        return new TfliteOptions(padding, stride, stride, 1, 1, 0, 0, 1, TfliteOptions.Activation.NONE, false, null);
    }

    @Test
    void strideTwoOnAnEvenSizePadsOnlyBottomAndRightAsTensorFlowDoes() {
        SamePadding pad = SamePadding.of(options(TfliteOptions.Padding.SAME, 2), new Shape(1, 3, 112, 112), 3, 3);
        assertEquals(new SamePadding(0, 1, 0, 1), pad);
        assertFalse(pad.symmetric());
        assertEquals(new Shape(0, 1, 0, 1), pad.explicit());
    }

    @Test
    void strideOneIsSymmetricAndValidPadsNothing() {
        assertTrue(SamePadding.of(options(TfliteOptions.Padding.SAME, 1), new Shape(1, 3, 56, 56), 3, 3).symmetric());
        assertEquals(new SamePadding(1, 1, 1, 1),
                SamePadding.of(options(TfliteOptions.Padding.SAME, 1), new Shape(1, 3, 56, 56), 3, 3));
        assertEquals(new SamePadding(0, 0, 0, 0),
                SamePadding.of(options(TfliteOptions.Padding.VALID, 2), new Shape(1, 3, 7, 7), 7, 7));
    }
}

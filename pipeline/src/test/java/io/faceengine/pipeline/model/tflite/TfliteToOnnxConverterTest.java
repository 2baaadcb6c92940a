package io.faceengine.pipeline.model.tflite;

import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.ModelSession;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.RuntimeOptions;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs each default model's translated ONNX graph and the naive reference interpreter on the
 * same random inputs and requires the same outputs. Batch sizes (and P-Net's image sizes) differ
 * from the file's so that the dynamic dimensions and odd-size SAME padding are exercised.
 */
class TfliteToOnnxConverterTest {
    private static final double ABSOLUTE_TOLERANCE = 1e-4;
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @Test
    void mobileFaceNetMatchesReference() throws IOException {
        compare(TestModelFiles.MOBILEFACENET, false, new int[]{1, 112, 112, 3}, new int[]{3, 112, 112, 3});
    }

    @Test
    void rnetMatchesReference() throws IOException {
        compare(TestModelFiles.RNET, false, new int[]{4, 24, 24, 3});
    }

    @Test
    void onetMatchesReference() throws IOException {
        compare(TestModelFiles.ONET, false, new int[]{4, 48, 48, 3});
    }

    @Test
    void pnetMatchesReferenceAtOtherImageSizes() throws IOException {
        // 12x12 is P-Net's receptive field: the smallest input, giving a 1x1 map.
        compare(TestModelFiles.PNET, true, new int[]{1, 37, 29, 3}, new int[]{1, 64, 80, 3}, new int[]{2, 12, 12, 3});
    }

    private static void compare(String modelFile, boolean dynamicSpatial, int[]... inputShapes) throws IOException {
        TfliteModel model = TfliteReader.read(TestModelFiles.require(modelFile));
        TfliteReferenceInterpreter reference = new TfliteReferenceInterpreter(model);
        ModelDescriptor descriptor = new ModelDescriptor(modelFile, modelFile, null, null, null, null, null, null,
                null, null, dynamicSpatial, null);
        ModelSession session = ModelSessions.get(descriptor, TestModelFiles.directory(), new RuntimeOptions(1));
        Random random = new Random(20240611L);
        for (int[] shape : inputShapes) {
            FloatTensor input = randomInput(random, shape);
            Map<String, FloatTensor> expected = reference.run(input);
            Map<String, FloatTensor> actual = session.run(null, input);
            assertEquals(expected.keySet(), actual.keySet(), modelFile + ": output names");
            for (Map.Entry<String, FloatTensor> entry : expected.entrySet()) {
                String what = modelFile + " on " + Arrays.toString(shape) + ", output '" + entry.getKey() + "'";
                assertClose(what, entry.getValue(), actual.get(entry.getKey()));
            }
        }
    }

    /** Uniform in [-1, 1), the range the models' pixel normalisation produces. */
    private static FloatTensor randomInput(Random random, int[] shape) {
        float[] data = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat() * 2 - 1;
        }
        return new FloatTensor(data, Arrays.stream(shape).asLongStream().toArray());
    }

    private static void assertClose(String what, FloatTensor expected, FloatTensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.data();
        float[] a = actual.data();
        // Agreeing on a constant output would prove little; random inputs must give varied outputs.
        boolean varied = false;
        for (float v : e) {
            varied |= v != e[0];
        }
        assertTrue(varied, what + ": reference output is constant");
        double maxAbsolute = 0;
        double maxRelative = 0;
        for (int i = 0; i < e.length; i++) {
            double error = Math.abs((double) a[i] - e[i]);
            double tolerance = ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(e[i]);
            if (!(error <= tolerance)) {
                fail(what + ": element " + i + " is " + a[i] + ", reference " + e[i] + " (error " + error
                        + " > tolerance " + tolerance + ")");
            }
            maxAbsolute = Math.max(maxAbsolute, error);
            if (Math.abs(e[i]) >= 1e-2) {
                maxRelative = Math.max(maxRelative, error / Math.abs(e[i]));
            }
        }
        System.out.printf("%s: %d values, max abs error %.3g, max rel error %.3g (where |reference| >= 0.01)%n",
                what, e.length, maxAbsolute, maxRelative);
    }
}

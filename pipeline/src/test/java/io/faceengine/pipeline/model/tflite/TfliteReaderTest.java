package io.faceengine.pipeline.model.tflite;

import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.ABS;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.ADD;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.CONV_2D;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.DEPTHWISE_CONV_2D;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.DIV;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.EXP;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.FULLY_CONNECTED;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.MAX_POOL_2D;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.MUL;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.NEG;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.REDUCE_MAX;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.RELU;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.RESHAPE;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.SUB;
import static io.faceengine.pipeline.model.tflite.TfliteBuiltinOp.SUM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TfliteReaderTest {

    @Test
    void readsMobileFaceNet() throws IOException {
        TfliteModel model = TfliteReader.read(TestModelFiles.require(TestModelFiles.MOBILEFACENET));
        assertInputs(model, new int[]{2, 112, 112, 3});
        assertOutput(model, 0, "embeddings", new int[]{2, 192});
        assertEquals(Map.of(CONV_2D, 35, DEPTHWISE_CONV_2D, 17, ADD, 45, MUL, 33, SUB, 33, RELU, 33, ABS, 33,
                RESHAPE, 1), histogram(model));

        TfliteOperator first = model.operators().get(0);
        assertEquals(CONV_2D, first.op());
        assertEquals(TfliteOptions.Padding.SAME, first.options().padding());
        assertEquals(2, first.options().strideH());
        assertEquals(2, first.options().strideW());
        assertArrayEquals(new int[]{64, 3, 3, 3}, model.tensor(first.inputs()[1]).shape());

        TfliteOperator last = model.operators().get(model.operators().size() - 1);
        assertEquals(RESHAPE, last.op());
        assertArrayEquals(new int[]{2, 192}, last.options().newShape());
        assertArrayEquals(new int[]{2, 192}, model.tensor(last.inputs()[1]).ints());
        assertConstantsComplete(model);
    }

    @Test
    void readsPnet() throws IOException {
        TfliteModel model = TfliteReader.read(TestModelFiles.require(TestModelFiles.PNET));
        assertInputs(model, new int[]{1, 1280, 960, 3});
        assertOutput(model, 0, "pnet/prob1", new int[]{1, 635, 475, 2});
        assertOutput(model, 1, "pnet/conv4-2/BiasAdd", new int[]{1, 635, 475, 4});
        assertEquals(Map.ofEntries(Map.entry(CONV_2D, 5), Map.entry(MAX_POOL_2D, 1), Map.entry(RELU, 6),
                Map.entry(NEG, 6), Map.entry(MUL, 3), Map.entry(ADD, 3), Map.entry(SUB, 1), Map.entry(EXP, 1),
                Map.entry(SUM, 1), Map.entry(REDUCE_MAX, 1), Map.entry(DIV, 1)), histogram(model));

        TfliteOperator pool = model.operators().stream().filter(op -> op.op() == MAX_POOL_2D).findFirst().orElseThrow();
        assertEquals(TfliteOptions.Padding.SAME, pool.options().padding());
        assertEquals(2, pool.options().filterH());
        assertEquals(2, pool.options().filterW());
        assertEquals(2, pool.options().strideH());

        TfliteOperator softmaxMax = model.operators().stream().filter(op -> op.op() == REDUCE_MAX).findFirst()
                .orElseThrow();
        assertTrue(softmaxMax.options().keepDims());
        assertArrayEquals(new int[]{3}, model.tensor(softmaxMax.inputs()[1]).ints());
        assertConstantsComplete(model);
    }

    @Test
    void readsRnetAndOnet() throws IOException {
        TfliteModel rnet = TfliteReader.read(TestModelFiles.require(TestModelFiles.RNET));
        assertInputs(rnet, new int[]{1, 24, 24, 3});
        assertOutput(rnet, 0, "rnet/prob1", new int[]{1, 2});
        assertOutput(rnet, 1, "rnet/conv5-2/conv5-2", new int[]{1, 4});
        assertEquals(3, histogram(rnet).get(CONV_2D));
        assertEquals(3, histogram(rnet).get(FULLY_CONNECTED));
        assertConstantsComplete(rnet);

        TfliteModel onet = TfliteReader.read(TestModelFiles.require(TestModelFiles.ONET));
        assertInputs(onet, new int[]{1, 48, 48, 3});
        assertOutput(onet, 0, "onet/prob1", new int[]{1, 2});
        assertOutput(onet, 1, "onet/conv6-2/conv6-2", new int[]{1, 4});
        assertOutput(onet, 2, "onet/conv6-3/conv6-3", new int[]{1, 10});
        assertEquals(4, histogram(onet).get(CONV_2D));
        assertEquals(4, histogram(onet).get(FULLY_CONNECTED));
        assertEquals(3, histogram(onet).get(MAX_POOL_2D));
        assertConstantsComplete(onet);
    }

    @Test
    void refusesTruncatedFile() throws IOException {
        for (String file : new String[]{TestModelFiles.PNET, TestModelFiles.RNET, TestModelFiles.ONET,
                TestModelFiles.MOBILEFACENET}) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(TestModelFiles.require(file)), 1000);
            assertThrows(TfliteFormatException.class, () -> TfliteReader.read(ByteBuffer.wrap(head)), file);
        }
    }

    @Test
    void refusesFileWithAnotherIdentifier() {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        System.arraycopy("XXXX".getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
        TfliteFormatException e = assertThrows(TfliteFormatException.class,
                () -> TfliteReader.read(ByteBuffer.wrap(bytes)));
        assertTrue(e.getMessage().contains("identifier"), e.getMessage());
    }

    @Test
    void refusesTooShortFile() {
        assertThrows(TfliteFormatException.class, () -> TfliteReader.read(ByteBuffer.wrap(new byte[0])));
        assertThrows(TfliteFormatException.class,
                () -> TfliteReader.read(ByteBuffer.wrap(new byte[]{8, 0, 0, 0, 'T', 'F'})));
    }

    private static void assertInputs(TfliteModel model, int[] shape) {
        assertEquals(1, model.inputs().length);
        TfliteTensor input = model.tensor(model.inputs()[0]);
        assertEquals(TfliteTensorType.FLOAT32, input.type());
        assertArrayEquals(shape, input.shape());
    }

    private static void assertOutput(TfliteModel model, int position, String name, int[] shape) {
        TfliteTensor output = model.tensor(model.outputs()[position]);
        assertEquals(name, output.name());
        assertArrayEquals(shape, output.shape(), name);
    }

    private static Map<TfliteBuiltinOp, Integer> histogram(TfliteModel model) {
        Map<TfliteBuiltinOp, Integer> counts = new EnumMap<>(TfliteBuiltinOp.class);
        for (TfliteOperator op : model.operators()) {
            counts.merge(op.op(), 1, Integer::sum);
        }
        return counts;
    }

    /** Every constant has exactly the bytes its shape needs, and float weights are finite. */
    private static void assertConstantsComplete(TfliteModel model) {
        for (TfliteTensor t : model.tensors()) {
            if (!t.isConstant()) {
                continue;
            }
            assertEquals(t.elementCount() * 4, t.data().remaining(), t.name());
            if (t.type() == TfliteTensorType.FLOAT32) {
                for (float v : t.floats()) {
                    assertTrue(Float.isFinite(v), t.name());
                }
            }
        }
    }
}

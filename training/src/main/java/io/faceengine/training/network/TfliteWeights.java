package io.faceengine.training.network;

import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteTensor;
import io.faceengine.pipeline.model.tflite.TfliteTensorType;
import io.faceengine.pipeline.model.tflite.TfliteToOnnxConverter;

import ai.djl.ndarray.NDManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trained weights written back into the graph they came from, so a fine-tuned network goes
 * through the same TFLite-to-ONNX translation, and the same inference path, as the original.
 */
public final class TfliteWeights {
    private TfliteWeights() {
    }

    /** {@code model} with the float constants at the given tensor indices replaced. */
    public static TfliteModel replace(TfliteModel model, Map<Integer, float[]> weights) {
        List<TfliteTensor> tensors = new ArrayList<>(model.tensors());
        weights.forEach((index, values) -> {
            TfliteTensor old = model.tensor(index);
            if (old.type() != TfliteTensorType.FLOAT32 || !old.isConstant() || old.elementCount() != values.length) {
                throw new IllegalArgumentException("tensor " + index + " ('" + old.name() + "', " + old.type() + ", "
                        + old.elementCount() + " values) cannot take " + values.length + " trained floats");
            }
            ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            data.asFloatBuffer().put(values);
            tensors.set(index, new TfliteTensor(old.index(), old.name(), old.type(), old.shape(), old.shapeSignature(),
                    data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN)));
        });
        return new TfliteModel(model.description(), List.copyOf(tensors), model.operators(), model.inputs(),
                model.outputs());
    }

    /** The ONNX graph the pipeline runs, from the block's current weights. */
    public static byte[] toOnnx(TfliteGraphBlock block) {
        return TfliteToOnnxConverter.convert(replace(block.model(), block.exportWeights()), false);
    }

    /** The graph's trainable values in the block's exact format ({@link TfliteGraphBlock#writeValues}): a stored network. */
    public static byte[] parameterValues(TfliteModel model) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                new TfliteGraphBlock(model, manager).writeValues(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code model} with the values {@link #parameterValues} wrote (of a network trained from the same graph). */
    public static TfliteModel withParameterValues(TfliteModel model, byte[] values) throws IOException {
        try (NDManager manager = NDManager.newBaseManager();
             DataInputStream in = new DataInputStream(new ByteArrayInputStream(values))) {
            TfliteGraphBlock block = new TfliteGraphBlock(model, manager);
            block.readValues(in);
            return replace(model, block.exportWeights());
        }
    }
}

package io.faceengine.training.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.faceengine.pipeline.io.FloatStreams;
import io.faceengine.pipeline.model.tflite.TfliteBuiltinOp;
import io.faceengine.pipeline.model.tflite.TfliteFormatException;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteOperator;
import io.faceengine.pipeline.model.tflite.TfliteOptions;
import io.faceengine.pipeline.model.tflite.TfliteTensor;
import io.faceengine.pipeline.model.tflite.TfliteTensorType;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a float TFLite graph as a DJL block whose float constants (convolution and dense weights,
 * biases, per-channel factors such as PReLU slopes) are trainable parameters: the network the
 * pipeline runs through ONNX Runtime, trained by DJL's autograd from its own weights.
 *
 * <p>The block takes and returns the graph's own NHWC tensors, so the pipeline's image encoder
 * feeds both engines the same values. Inside, rank-4 activations are kept NCHW, the layout of
 * the engine's convolution kernels; per-channel constants are broadcast to it where used.
 * {@link #exportWeights()} hands the trained values back in the file's own layouts, and
 * {@link TfliteWeights} writes them into the graph the pipeline translates to ONNX.
 */
public final class TfliteGraphBlock extends AbstractBlock {
    private static final byte VERSION = 1;
    private static final Set<TfliteBuiltinOp> SUPPORTED = Set.of(TfliteBuiltinOp.CONV_2D,
            TfliteBuiltinOp.DEPTHWISE_CONV_2D, TfliteBuiltinOp.FULLY_CONNECTED, TfliteBuiltinOp.MAX_POOL_2D,
            TfliteBuiltinOp.ADD, TfliteBuiltinOp.SUB, TfliteBuiltinOp.MUL, TfliteBuiltinOp.DIV,
            TfliteBuiltinOp.RELU, TfliteBuiltinOp.NEG, TfliteBuiltinOp.ABS, TfliteBuiltinOp.EXP,
            TfliteBuiltinOp.RESHAPE);

    private final TfliteModel model;
    private final int staticBatch;
    /** Tensor index of each float constant → its parameter (in the engine's layout). */
    private final Map<Integer, Parameter> parameters = new LinkedHashMap<>();
    private final Map<Integer, WeightLayout> layouts = new HashMap<>();

    /**
     * @param manager owns the parameter arrays; it must outlive the block
     */
    public TfliteGraphBlock(TfliteModel model, NDManager manager) {
        super(VERSION);
        this.model = model;
        this.staticBatch = model.tensor(model.inputs()[0]).shape()[0];
        for (TfliteOperator op : model.operators()) {
            if (!SUPPORTED.contains(op.op())) {
                throw new TfliteFormatException("operator " + op.op() + " cannot be trained yet; trainable: " + SUPPORTED);
            }
            for (int position = 0; position < op.inputs().length; position++) {
                int index = op.inputs()[position];
                if (index < 0 || parameters.containsKey(index)) {
                    continue;
                }
                TfliteTensor tensor = model.tensor(index);
                if (!tensor.isConstant() || tensor.type() != TfliteTensorType.FLOAT32) {
                    continue;
                }
                WeightLayout layout = WeightLayout.of(op.op(), position);
                NDArray value = layout.toEngine(manager.create(tensor.floats(), new Shape(toLongs(tensor.shape()))));
                Parameter parameter = Parameter.builder()
                        .setName(parameterName(tensor))
                        .setType(layout.parameterType())
                        .optShape(value.getShape())
                        .optArray(value)
                        .build();
                parameters.put(index, addParameter(parameter));
                layouts.put(index, layout);
            }
        }
    }

    private static String parameterName(TfliteTensor tensor) {
        // Unique by index; the file's name kept for people reading a checkpoint.
        return tensor.index() + ":" + tensor.name();
    }

    /** The graph this block runs. */
    public TfliteModel model() {
        return model;
    }

    /** Current values of the trainable constants, by tensor index, in the TFLite file's layouts. */
    public Map<Integer, float[]> exportWeights() {
        Map<Integer, float[]> weights = new LinkedHashMap<>();
        parameters.forEach((index, parameter) -> {
            try (NDArray fileLayout = layouts.get(index).toFile(parameter.getArray())) {
                weights.put(index, fileLayout.toFloatArray());
            }
        });
        return weights;
    }

    /** Writes every parameter's exact values, in a fixed order (a checkpoint of the network). */
    public void writeValues(DataOutputStream out) throws IOException {
        out.writeInt(parameters.size());
        for (Map.Entry<Integer, Parameter> entry : parameters.entrySet()) {
            float[] values = entry.getValue().getArray().toFloatArray();
            out.writeInt(entry.getKey());
            out.writeInt(values.length);
            FloatStreams.write(out, values);
        }
    }

    /** Reads values {@link #writeValues} wrote into the existing parameter arrays (they stay the same objects). */
    public void readValues(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("checkpoint holds " + count + " parameters, the network has " + parameters.size());
        }
        for (Map.Entry<Integer, Parameter> entry : parameters.entrySet()) {
            int index = in.readInt();
            int length = in.readInt();
            NDArray array = entry.getValue().getArray();
            if (index != entry.getKey() || length != array.getShape().size()) {
                throw new IOException("checkpoint parameter for tensor " + index + " (" + length
                        + " values) does not match tensor " + entry.getKey() + " of shape " + array.getShape());
            }
            array.set(FloatStreams.read(in, length));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Map<Integer, NDArray> values = new HashMap<>();
        for (int i = 0; i < model.inputs().length; i++) {
            NDArray input = inputs.get(i);
            values.put(model.inputs()[i], input.getShape().dimension() == 4 ? input.transpose(0, 3, 1, 2) : input);
        }
        parameters.forEach((index, parameter) ->
                values.put(index, store.getValue(parameter, inputs.head().getDevice(), training)));
        // An op's result belongs to the manager of its first operand, which for "constant × activation"
        // is the parameters' long-lived one: every result is moved to the caller's (per-step) manager
        // so that it, and the autograd graph it holds, is freed with the step.
        NDManager step = inputs.head().getManager();
        for (TfliteOperator op : model.operators()) {
            NDArray value = run(op, values);
            value.attach(step);
            values.put(op.outputs()[0], value);
        }
        NDList outputs = new NDList();
        for (int index : model.outputs()) {
            NDArray value = values.get(index);
            outputs.add(value.getShape().dimension() == 4 ? value.transpose(0, 2, 3, 1) : value);
        }
        return outputs;
    }

    private NDArray run(TfliteOperator op, Map<Integer, NDArray> values) {
        TfliteOptions o = op.options();
        return switch (op.op()) {
            case CONV_2D, DEPTHWISE_CONV_2D -> activation(convolution(op, values), o.activation());
            case FULLY_CONNECTED -> activation(fullyConnected(op, values), o.activation());
            case MAX_POOL_2D -> activation(maxPool(op, values.get(op.inputs()[0])), o.activation());
            case ADD -> activation(operand(op, 0, values).add(operand(op, 1, values)), o.activation());
            case SUB -> activation(operand(op, 0, values).sub(operand(op, 1, values)), o.activation());
            case MUL -> activation(operand(op, 0, values).mul(operand(op, 1, values)), o.activation());
            case DIV -> activation(operand(op, 0, values).div(operand(op, 1, values)), o.activation());
            case RELU -> Activation.relu(values.get(op.inputs()[0]));
            case NEG -> values.get(op.inputs()[0]).neg();
            case ABS -> values.get(op.inputs()[0]).abs();
            case EXP -> values.get(op.inputs()[0]).exp();
            case RESHAPE -> reshape(op, values.get(op.inputs()[0]));
            default -> throw new TfliteFormatException("operator " + op.op() + " cannot be trained yet");
        };
    }

    private NDArray convolution(TfliteOperator op, Map<Integer, NDArray> values) {
        TfliteOptions o = op.options();
        NDArray input = values.get(op.inputs()[0]);
        NDArray weight = values.get(op.inputs()[1]);
        NDArray bias = op.inputs().length > 2 && op.inputs()[2] >= 0 ? values.get(op.inputs()[2]) : null;
        long kernelH = weight.getShape().get(2);
        long kernelW = weight.getShape().get(3);
        int groups = op.op() == TfliteBuiltinOp.DEPTHWISE_CONV_2D
                ? Math.toIntExact(weight.getShape().get(0) / o.depthMultiplier()) : 1;
        if (kernelH == 1 && kernelW == 1 && groups == 1 && o.strideH() == 1 && o.strideW() == 1
                && o.dilationH() == 1 && o.dilationW() == 1) {
            return pointwise(input, weight, bias);
        }
        SamePadding pad = SamePadding.of(o, input.getShape(), kernelH, kernelW);
        NDArray padded = pad.symmetric() ? input : input.pad(pad.explicit(), 0);
        return Conv2d.conv2d(padded, weight, bias, new Shape(o.strideH(), o.strideW()),
                pad.symmetric() ? new Shape(pad.top(), pad.left()) : new Shape(0, 0),
                new Shape(o.dilationH(), o.dilationW()), groups).singletonOrThrow();
    }

    /**
     * A 1×1 convolution as the matrix product it is. libtorch 2.7.1's CPU convolution gave wrong
     * results for some 1×1 shapes with 2 intra-op threads on an AVX-512 machine (1% off at
     * 128→512 channels on 14×14, 3 in 26 at the output; exact with 1 thread), while its matrix
     * product is right with any thread count.
     */
    private static NDArray pointwise(NDArray input, NDArray weight, NDArray bias) {
        Shape s = input.getShape();
        long outputs = weight.getShape().get(0);
        NDArray rows = input.transpose(0, 2, 3, 1).reshape(s.get(0) * s.get(2) * s.get(3), s.get(1));
        NDArray matrix = weight.reshape(outputs, s.get(1));
        NDArray out = (bias == null ? Linear.linear(rows, matrix) : Linear.linear(rows, matrix, bias)).singletonOrThrow();
        return out.reshape(s.get(0), s.get(2), s.get(3), outputs).transpose(0, 3, 1, 2);
    }

    private NDArray fullyConnected(TfliteOperator op, Map<Integer, NDArray> values) {
        NDArray input = values.get(op.inputs()[0]);
        NDArray weight = values.get(op.inputs()[1]);
        if (input.getShape().dimension() == 4) {
            // TFLite flattens in NHWC order.
            input = input.transpose(0, 2, 3, 1);
        }
        input = input.reshape(-1, weight.getShape().get(1));
        NDArray bias = op.inputs().length > 2 && op.inputs()[2] >= 0 ? values.get(op.inputs()[2]) : null;
        return bias == null ? Linear.linear(input, weight).singletonOrThrow()
                : Linear.linear(input, weight, bias).singletonOrThrow();
    }

    private static NDArray maxPool(TfliteOperator op, NDArray input) {
        TfliteOptions o = op.options();
        SamePadding pad = SamePadding.of(o, input.getShape(), o.filterH(), o.filterW());
        NDArray padded = pad.symmetric() ? input : input.pad(pad.explicit(), Float.NEGATIVE_INFINITY);
        return Pool.maxPool2d(padded, new Shape(o.filterH(), o.filterW()), new Shape(o.strideH(), o.strideW()),
                pad.symmetric() ? new Shape(pad.top(), pad.left()) : new Shape(0, 0), false);
    }

    private NDArray reshape(TfliteOperator op, NDArray input) {
        int[] target = op.options().newShape();
        if (target == null) {
            target = model.tensor(op.inputs()[1]).ints();
        }
        long[] shape = toLongs(target);
        if (shape.length > 0 && shape[0] == staticBatch) {
            // The file's fixed batch stands for whatever batch runs, as in the ONNX translation.
            shape[0] = input.getShape().get(0);
        }
        NDArray fileLayout = input.getShape().dimension() == 4 ? input.transpose(0, 2, 3, 1) : input;
        NDArray reshaped = fileLayout.reshape(shape);
        return reshaped.getShape().dimension() == 4 ? reshaped.transpose(0, 3, 1, 2) : reshaped;
    }

    /**
     * Input {@code position} of an elementwise op, made to broadcast as TFLite's NHWC would
     * against the NCHW activations: trailing-channel constants become (C,1,1).
     */
    private NDArray operand(TfliteOperator op, int position, Map<Integer, NDArray> values) {
        int index = op.inputs()[position];
        NDArray value = values.get(index);
        int otherRank = values.get(op.inputs()[1 - position]).getShape().dimension();
        boolean activation = !model.tensor(index).isConstant();
        if (activation || otherRank != 4) {
            return value;
        }
        Shape shape = value.getShape();
        NDManager step = values.get(op.inputs()[1 - position]).getManager();
        return switch (shape.dimension()) {
            case 0 -> value;
            case 1 -> attached(value.reshape(shape.get(0), 1, 1), step);
            case 4 -> attached(value.transpose(0, 3, 1, 2), step);
            default -> throw new TfliteFormatException("constant '" + model.tensor(index).name() + "' of shape "
                    + shape + " cannot be broadcast against a rank-4 activation");
        };
    }

    private static NDArray attached(NDArray array, NDManager manager) {
        array.attach(manager);
        return array;
    }

    private static NDArray activation(NDArray value, TfliteOptions.Activation activation) {
        return switch (activation) {
            case NONE -> value;
            case RELU -> Activation.relu(value);
            case RELU6 -> Activation.relu6(value);
            case RELU_N1_TO_1 -> value.clip(-1, 1);
            case TANH -> Activation.tanh(value);
        };
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        List<Shape> shapes = new ArrayList<>();
        for (int index : model.outputs()) {
            long[] dims = toLongs(model.tensor(index).shape());
            dims[0] = batch;
            shapes.add(new Shape(dims));
        }
        return shapes.toArray(Shape[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // No child blocks: every parameter already holds the file's value.
    }

    @Override
    public String toString() {
        return "TfliteGraphBlock(" + model.operators().size() + " ops, " + parameters.size() + " parameters, "
                + Arrays.toString(model.inputs()) + " -> " + Arrays.toString(model.outputs()) + ")";
    }

    static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}

package io.faceengine.pipeline.model.tflite;

import io.faceengine.pipeline.model.onnx.OnnxGraphBuilder;
import io.faceengine.pipeline.model.onnx.OnnxGraphBuilder.Attribute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a float TFLite graph into an ONNX model with the same NHWC tensors. Convolutions
 * and pooling are wrapped in NHWC⇄NCHW transposes; ONNX Runtime's transpose optimiser removes
 * the back-to-back pairs, so the wrapping costs nothing at run time but keeps every other op
 * (reshapes, reductions, broadcasts against per-channel constants) exactly as in TFLite.
 * The batch dimension always becomes dynamic; spatial dimensions too when asked (fully
 * convolutional nets such as MTCNN's P-Net).
 */
public final class TfliteToOnnxConverter {
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    private final TfliteModel model;
    private final boolean dynamicSpatial;
    private final OnnxGraphBuilder graph;
    private final Map<Integer, String> valueNames = new HashMap<>();
    private final int staticBatch;

    private TfliteToOnnxConverter(TfliteModel model, boolean dynamicSpatial) {
        this.model = model;
        this.dynamicSpatial = dynamicSpatial;
        this.graph = new OnnxGraphBuilder("translated");
        this.staticBatch = model.tensor(model.inputs()[0]).shape()[0];
    }

    /** The serialized ONNX model equivalent to {@code model}. */
    public static byte[] convert(TfliteModel model, boolean dynamicSpatial) {
        return new TfliteToOnnxConverter(model, dynamicSpatial).translate();
    }

    private byte[] translate() {
        for (int index : model.inputs()) {
            TfliteTensor input = model.tensor(index);
            valueNames.put(index, input.name());
            graph.addFloatInput(input.name(), symbolicDims(input.shape().length), toLongs(input.shape()));
        }
        for (int index : model.outputs()) {
            valueNames.put(index, graph.uniqueName(model.tensor(index).name()));
        }
        for (TfliteOperator op : model.operators()) {
            translate(op);
        }
        for (int index : model.outputs()) {
            TfliteTensor output = model.tensor(index);
            graph.addFloatOutput(valueNames.get(index), symbolicDims(output.shape().length), toLongs(output.shape()));
        }
        return graph.build("face-engine tflite translator");
    }

    private String[] symbolicDims(int rank) {
        String[] dims = new String[rank];
        dims[0] = "batch";
        if (dynamicSpatial && rank == 4) {
            dims[1] = "dim1";
            dims[2] = "dim2";
        }
        return dims;
    }

    private void translate(TfliteOperator op) {
        TfliteOptions o = op.options();
        String out = outputName(op.outputs()[0]);
        switch (op.op()) {
            case CONV_2D -> convolution(op, out, false);
            case DEPTHWISE_CONV_2D -> convolution(op, out, true);
            case MAX_POOL_2D -> {
                String nchw = graph.addNode("Transpose", List.of(value(op.inputs()[0])), out + "_nchw",
                        Attribute.ofInts("perm", TO_NCHW));
                String pooled = graph.addNode("MaxPool", List.of(nchw), out + "_pool",
                        Attribute.ofInts("kernel_shape", o.filterH(), o.filterW()),
                        Attribute.ofInts("strides", o.strideH(), o.strideW()), autoPad(o));
                toNhwc(activation(pooled, o.activation()), out);
            }
            case FULLY_CONNECTED -> fullyConnected(op, out);
            case ADD -> elementwise("Add", op, out);
            case SUB -> elementwise("Sub", op, out);
            case MUL -> elementwise("Mul", op, out);
            case DIV -> elementwise("Div", op, out);
            case RELU -> elementwise("Relu", op, out);
            case NEG -> elementwise("Neg", op, out);
            case ABS -> elementwise("Abs", op, out);
            case EXP -> elementwise("Exp", op, out);
            case SUM -> reduce("ReduceSum", op, out);
            case REDUCE_MAX -> reduce("ReduceMax", op, out);
            case RESHAPE -> reshape(op, out);
        }
    }

    private void convolution(TfliteOperator op, String out, boolean depthwise) {
        TfliteOptions o = op.options();
        TfliteTensor weights = model.tensor(op.inputs()[1]);
        int[] s = weights.shape(); // CONV_2D: [O, KH, KW, I]; DEPTHWISE: [1, KH, KW, C*M]
        int kh = s[1];
        int kw = s[2];
        float[] w = weights.floats();
        long[] dims;
        float[] oihw;
        long group;
        if (depthwise) {
            int channelsOut = s[3];
            oihw = new float[w.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < channelsOut; c++) {
                        oihw[(c * kh + y) * kw + x] = w[(y * kw + x) * channelsOut + c];
                    }
                }
            }
            dims = new long[]{channelsOut, 1, kh, kw};
            group = channelsOut / o.depthMultiplier();
        } else {
            int channelsOut = s[0];
            int channelsIn = s[3];
            oihw = new float[w.length];
            for (int k = 0; k < channelsOut; k++) {
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        for (int c = 0; c < channelsIn; c++) {
                            oihw[((k * channelsIn + c) * kh + y) * kw + x] = w[((k * kh + y) * kw + x) * channelsIn + c];
                        }
                    }
                }
            }
            dims = new long[]{channelsOut, channelsIn, kh, kw};
            group = 1;
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(graph.addNode("Transpose", List.of(value(op.inputs()[0])), out + "_nchw",
                Attribute.ofInts("perm", TO_NCHW)));
        inputs.add(graph.addFloatInitializer(weights.name() + "_oihw", dims, oihw));
        if (op.inputs().length > 2 && op.inputs()[2] >= 0) {
            inputs.add(value(op.inputs()[2]));
        }
        String conv = graph.addNode("Conv", inputs, out + "_conv",
                Attribute.ofInts("kernel_shape", kh, kw),
                Attribute.ofInts("strides", o.strideH(), o.strideW()),
                Attribute.ofInts("dilations", o.dilationH(), o.dilationW()),
                Attribute.ofInt("group", group), autoPad(o));
        toNhwc(activation(conv, o.activation()), out);
    }

    private void fullyConnected(TfliteOperator op, String out) {
        TfliteTensor input = model.tensor(op.inputs()[0]);
        TfliteTensor weights = model.tensor(op.inputs()[1]);
        if (op.options().keepDims() && input.shape().length > 2) {
            throw new TfliteFormatException("FULLY_CONNECTED with keep_num_dims on a rank-" + input.shape().length
                    + " input is not supported");
        }
        String x = value(op.inputs()[0]);
        if (input.shape().length != 2) {
            // TFLite flattens everything but the last weight dimension, in NHWC order; so does this.
            x = graph.addNode("Reshape", List.of(x, graph.addInt64Initializer(out + "_flat", new long[]{-1, weights.shape()[1]})),
                    out + "_flat");
        }
        List<String> inputs = new ArrayList<>(List.of(x, value(op.inputs()[1])));
        if (op.inputs().length > 2 && op.inputs()[2] >= 0) {
            inputs.add(value(op.inputs()[2]));
        }
        finish("Gemm", inputs, op.options().activation(), out, Attribute.ofInt("transB", 1));
    }

    private void elementwise(String onnxOp, TfliteOperator op, String out) {
        List<String> inputs = Arrays.stream(op.inputs()).mapToObj(this::value).toList();
        finish(onnxOp, inputs, op.options().activation(), out);
    }

    private void reduce(String onnxOp, TfliteOperator op, String out) {
        long[] axes = Arrays.stream(model.tensor(op.inputs()[1]).ints()).asLongStream().toArray();
        graph.addNode(onnxOp, List.of(value(op.inputs()[0]), graph.addInt64Initializer(out + "_axes", axes)),
                List.of(out), Attribute.ofInt("keepdims", op.options().keepDims() ? 1 : 0));
    }

    private void reshape(TfliteOperator op, String out) {
        int[] target = op.options().newShape();
        if (target == null) {
            target = model.tensor(op.inputs()[1]).ints();
        }
        long[] shape = toLongs(target);
        int[] inputShape = model.tensor(op.inputs()[0]).shape();
        // The file's fixed batch becomes "copy the input's batch" (ONNX Reshape's 0), so any batch runs.
        if (shape.length > 0 && shape[0] == staticBatch && inputShape.length > 0 && inputShape[0] == staticBatch) {
            shape[0] = 0;
        }
        if (dynamicSpatial && inputShape.length == 4) {
            throw new TfliteFormatException("RESHAPE of a spatial tensor cannot be made size-flexible");
        }
        graph.addNode("Reshape", List.of(value(op.inputs()[0]), graph.addInt64Initializer(out + "_shape", shape)),
                List.of(out));
    }

    private void toNhwc(String nchw, String out) {
        graph.addNode("Transpose", List.of(nchw), List.of(out), Attribute.ofInts("perm", TO_NHWC));
    }

    /** Emits {@code onnxOp} and the fused activation, the last node writing {@code out}. */
    private void finish(String onnxOp, List<String> inputs, TfliteOptions.Activation activation, String out,
                        Attribute... attributes) {
        if (activation == TfliteOptions.Activation.NONE) {
            graph.addNode(onnxOp, inputs, List.of(out), attributes);
        } else {
            String raw = graph.addNode(onnxOp, inputs, out + "_linear", attributes);
            graph.addNode(activationOp(activation), activationInputs(raw, activation), List.of(out));
        }
    }

    private String activation(String value, TfliteOptions.Activation activation) {
        if (activation == TfliteOptions.Activation.NONE) {
            return value;
        }
        return graph.addNode(activationOp(activation), activationInputs(value, activation), value + "_act");
    }

    private static String activationOp(TfliteOptions.Activation activation) {
        return switch (activation) {
            case RELU -> "Relu";
            case TANH -> "Tanh";
            case RELU6, RELU_N1_TO_1 -> "Clip";
            case NONE -> throw new IllegalArgumentException("no activation");
        };
    }

    private List<String> activationInputs(String value, TfliteOptions.Activation activation) {
        return switch (activation) {
            case RELU6 -> List.of(value, scalar(value + "_min", 0f), scalar(value + "_max", 6f));
            case RELU_N1_TO_1 -> List.of(value, scalar(value + "_min", -1f), scalar(value + "_max", 1f));
            default -> List.of(value);
        };
    }

    private String scalar(String hint, float v) {
        return graph.addFloatInitializer(hint, new long[0], new float[]{v});
    }

    private static Attribute autoPad(TfliteOptions o) {
        // TensorFlow's SAME puts the odd padding pixel at the end, as ONNX's SAME_UPPER does.
        return Attribute.ofString("auto_pad", o.padding() == TfliteOptions.Padding.SAME ? "SAME_UPPER" : "VALID");
    }

    /** The ONNX name of a tensor, creating an initializer the first time a constant is used. */
    private String value(int index) {
        return valueNames.computeIfAbsent(index, i -> {
            TfliteTensor t = model.tensor(i);
            if (!t.isConstant()) {
                throw new TfliteFormatException("tensor '" + t.name() + "' is read before it is written");
            }
            return graph.addFloatInitializer(t.name(), toLongs(t.shape()), t.floats());
        });
    }

    private String outputName(int index) {
        return valueNames.computeIfAbsent(index, i -> graph.uniqueName(model.tensor(i).name()));
    }

    private static long[] toLongs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}

package io.faceengine.pipeline.model.tflite;

import io.faceengine.pipeline.model.FloatTensor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A deliberately naive evaluation of a float TFLite graph, written straight from the TFLite
 * operator semantics: NHWC tensors, plain loops, double accumulators. It shares nothing with the
 * ONNX translator, so agreement between the two is evidence that the translation is right.
 * Every shape is taken from the actual input, not from the file, so other batch and image sizes
 * run as they do in the translated graphs.
 */
final class TfliteReferenceInterpreter {
    private final TfliteModel model;

    TfliteReferenceInterpreter(TfliteModel model) {
        this.model = model;
    }

    private record Value(int[] shape, float[] data) {
        int rank() {
            return shape.length;
        }
    }

    /** The outputs by TFLite tensor name, in the model's output order. */
    Map<String, FloatTensor> run(FloatTensor input) {
        if (model.inputs().length != 1) {
            throw new IllegalArgumentException("expected a single-input model, got " + model.inputs().length + " inputs");
        }
        int[] shape = Arrays.stream(input.shape()).mapToInt(Math::toIntExact).toArray();
        Map<Integer, Value> values = new HashMap<>();
        values.put(model.inputs()[0], new Value(shape, input.data().clone()));
        for (TfliteOperator op : model.operators()) {
            if (op.outputs().length != 1) {
                throw new IllegalArgumentException(op.op() + " with " + op.outputs().length + " outputs");
            }
            values.put(op.outputs()[0], activate(evaluate(op, values), op.options().activation()));
        }
        Map<String, FloatTensor> outputs = new LinkedHashMap<>();
        for (int index : model.outputs()) {
            Value v = values.get(index);
            outputs.put(model.tensor(index).name(),
                    new FloatTensor(v.data(), Arrays.stream(v.shape()).asLongStream().toArray()));
        }
        return outputs;
    }

    private Value evaluate(TfliteOperator op, Map<Integer, Value> values) {
        TfliteOptions o = op.options();
        Value x = operand(op, 0, values);
        return switch (op.op()) {
            case CONV_2D -> conv2d(x, operand(op, 1, values), bias(op, values), o);
            case DEPTHWISE_CONV_2D -> depthwiseConv2d(x, operand(op, 1, values), bias(op, values), o);
            case MAX_POOL_2D -> maxPool(x, o);
            case FULLY_CONNECTED -> fullyConnected(x, operand(op, 1, values), bias(op, values), o.keepDims());
            case ADD -> broadcast(x, operand(op, 1, values), Double::sum);
            case SUB -> broadcast(x, operand(op, 1, values), (a, b) -> a - b);
            case MUL -> broadcast(x, operand(op, 1, values), (a, b) -> a * b);
            case DIV -> broadcast(x, operand(op, 1, values), (a, b) -> a / b);
            case RELU -> map(x, a -> Math.max(a, 0));
            case NEG -> map(x, a -> -a);
            case ABS -> map(x, Math::abs);
            case EXP -> map(x, Math::exp);
            case SUM -> reduce(x, model.tensor(op.inputs()[1]).ints(), o.keepDims(), true);
            case REDUCE_MAX -> reduce(x, model.tensor(op.inputs()[1]).ints(), o.keepDims(), false);
            case RESHAPE -> reshape(op, x);
        };
    }

    private Value operand(TfliteOperator op, int position, Map<Integer, Value> values) {
        int index = op.inputs()[position];
        Value computed = values.get(index);
        if (computed != null) {
            return computed;
        }
        TfliteTensor tensor = model.tensor(index);
        if (!tensor.isConstant()) {
            throw new IllegalStateException(op.op() + " reads tensor '" + tensor.name() + "' before it is written");
        }
        return new Value(tensor.shape().clone(), tensor.floats());
    }

    private Value bias(TfliteOperator op, Map<Integer, Value> values) {
        return op.inputs().length > 2 && op.inputs()[2] >= 0 ? operand(op, 2, values) : null;
    }

    /** Output size and leading padding of one spatial axis under TensorFlow's padding rules. */
    private record Window(int out, int padBefore) {
        static Window of(int in, int kernel, int stride, int dilation, TfliteOptions.Padding padding) {
            int span = (kernel - 1) * dilation + 1;
            int out;
            int padBefore = 0;
            if (padding == TfliteOptions.Padding.SAME) {
                out = ceilDiv(in, stride);
                int total = Math.max((out - 1) * stride + span - in, 0);
                padBefore = total / 2; // the odd pixel goes after
            } else {
                out = ceilDiv(in - span + 1, stride);
            }
            if (out <= 0) {
                throw new IllegalArgumentException("window of " + span + " does not fit an axis of " + in);
            }
            return new Window(out, padBefore);
        }

        private static int ceilDiv(int a, int b) {
            return -Math.floorDiv(-a, b);
        }
    }

    private static Value conv2d(Value x, Value w, Value bias, TfliteOptions o) {
        int batch = x.shape()[0], h = x.shape()[1], wd = x.shape()[2], cin = x.shape()[3];
        int cout = w.shape()[0], kh = w.shape()[1], kw = w.shape()[2];
        check(w.shape()[3] == cin, "CONV_2D weights " + Arrays.toString(w.shape()) + " on input " + Arrays.toString(x.shape()));
        Window wy = Window.of(h, kh, o.strideH(), o.dilationH(), o.padding());
        Window wx = Window.of(wd, kw, o.strideW(), o.dilationW(), o.padding());
        float[] out = new float[batch * wy.out() * wx.out() * cout];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < wy.out(); oy++) {
                for (int ox = 0; ox < wx.out(); ox++) {
                    for (int oc = 0; oc < cout; oc++) {
                        double acc = bias == null ? 0 : bias.data()[oc];
                        for (int ky = 0; ky < kh; ky++) {
                            int iy = oy * o.strideH() - wy.padBefore() + ky * o.dilationH();
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int kx = 0; kx < kw; kx++) {
                                int ix = ox * o.strideW() - wx.padBefore() + kx * o.dilationW();
                                if (ix < 0 || ix >= wd) {
                                    continue;
                                }
                                int xAt = ((b * h + iy) * wd + ix) * cin;
                                int wAt = ((oc * kh + ky) * kw + kx) * cin;
                                for (int ic = 0; ic < cin; ic++) {
                                    acc += (double) x.data()[xAt + ic] * w.data()[wAt + ic];
                                }
                            }
                        }
                        out[((b * wy.out() + oy) * wx.out() + ox) * cout + oc] = (float) acc;
                    }
                }
            }
        }
        return new Value(new int[]{batch, wy.out(), wx.out(), cout}, out);
    }

    /** Weights [1, KH, KW, C*M]; output channel c*M + m reads input channel c. */
    private static Value depthwiseConv2d(Value x, Value w, Value bias, TfliteOptions o) {
        int batch = x.shape()[0], h = x.shape()[1], wd = x.shape()[2], cin = x.shape()[3];
        int kh = w.shape()[1], kw = w.shape()[2], cout = w.shape()[3];
        int multiplier = o.depthMultiplier();
        check(w.shape()[0] == 1 && cout == cin * multiplier, "DEPTHWISE_CONV_2D weights " + Arrays.toString(w.shape())
                + " with multiplier " + multiplier + " on input " + Arrays.toString(x.shape()));
        Window wy = Window.of(h, kh, o.strideH(), o.dilationH(), o.padding());
        Window wx = Window.of(wd, kw, o.strideW(), o.dilationW(), o.padding());
        float[] out = new float[batch * wy.out() * wx.out() * cout];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < wy.out(); oy++) {
                for (int ox = 0; ox < wx.out(); ox++) {
                    for (int ic = 0; ic < cin; ic++) {
                        for (int m = 0; m < multiplier; m++) {
                            int oc = ic * multiplier + m;
                            double acc = bias == null ? 0 : bias.data()[oc];
                            for (int ky = 0; ky < kh; ky++) {
                                int iy = oy * o.strideH() - wy.padBefore() + ky * o.dilationH();
                                for (int kx = 0; kx < kw; kx++) {
                                    int ix = ox * o.strideW() - wx.padBefore() + kx * o.dilationW();
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += (double) x.data()[((b * h + iy) * wd + ix) * cin + ic]
                                                * w.data()[(ky * kw + kx) * cout + oc];
                                    }
                                }
                            }
                            out[((b * wy.out() + oy) * wx.out() + ox) * cout + oc] = (float) acc;
                        }
                    }
                }
            }
        }
        return new Value(new int[]{batch, wy.out(), wx.out(), cout}, out);
    }

    /** Padding cells take no part in the maximum. */
    private static Value maxPool(Value x, TfliteOptions o) {
        int batch = x.shape()[0], h = x.shape()[1], wd = x.shape()[2], c = x.shape()[3];
        Window wy = Window.of(h, o.filterH(), o.strideH(), 1, o.padding());
        Window wx = Window.of(wd, o.filterW(), o.strideW(), 1, o.padding());
        float[] out = new float[batch * wy.out() * wx.out() * c];
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < wy.out(); oy++) {
                for (int ox = 0; ox < wx.out(); ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int ky = 0; ky < o.filterH(); ky++) {
                            int iy = oy * o.strideH() - wy.padBefore() + ky;
                            for (int kx = 0; kx < o.filterW(); kx++) {
                                int ix = ox * o.strideW() - wx.padBefore() + kx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                    max = Math.max(max, x.data()[((b * h + iy) * wd + ix) * c + ch]);
                                }
                            }
                        }
                        out[((b * wy.out() + oy) * wx.out() + ox) * c + ch] = max;
                    }
                }
            }
        }
        return new Value(new int[]{batch, wy.out(), wx.out(), c}, out);
    }

    /** Weights [units, features]; the input is read as rows of {@code features} values in its own order. */
    private static Value fullyConnected(Value x, Value w, Value bias, boolean keepDims) {
        int units = w.shape()[0], features = w.shape()[1];
        check(x.data().length % features == 0, "FULLY_CONNECTED weights " + Arrays.toString(w.shape())
                + " on input " + Arrays.toString(x.shape()));
        int rows = x.data().length / features;
        float[] out = new float[rows * units];
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double acc = bias == null ? 0 : bias.data()[u];
                for (int i = 0; i < features; i++) {
                    acc += (double) x.data()[r * features + i] * w.data()[u * features + i];
                }
                out[r * units + u] = (float) acc;
            }
        }
        int[] shape;
        if (keepDims) {
            shape = x.shape().clone();
            shape[shape.length - 1] = units;
        } else {
            shape = new int[]{rows, units};
        }
        return new Value(shape, out);
    }

    private static Value map(Value x, DoubleUnaryOperator f) {
        float[] out = new float[x.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) f.applyAsDouble(x.data()[i]);
        }
        return new Value(x.shape().clone(), out);
    }

    /** NumPy broadcasting: shapes aligned at the right, size-1 (or missing) axes repeat. */
    private static Value broadcast(Value a, Value b, DoubleBinaryOperator f) {
        int rank = Math.max(a.rank(), b.rank());
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = alignedDim(a, d, rank);
            int db = alignedDim(b, d, rank);
            check(da == db || da == 1 || db == 1,
                    "cannot broadcast " + Arrays.toString(a.shape()) + " with " + Arrays.toString(b.shape()));
            shape[d] = Math.max(da, db);
        }
        float[] out = new float[size(shape)];
        int[] index = new int[rank];
        for (int i = 0; i < out.length; i++) {
            unravel(i, shape, index);
            out[i] = (float) f.applyAsDouble(a.data()[broadcastOffset(a, index)], b.data()[broadcastOffset(b, index)]);
        }
        return new Value(shape, out);
    }

    private static int alignedDim(Value v, int d, int rank) {
        int own = d - (rank - v.rank());
        return own < 0 ? 1 : v.shape()[own];
    }

    /** Row-major offset into {@code v} of a broadcast result index. */
    private static int broadcastOffset(Value v, int[] index) {
        int lead = index.length - v.rank();
        int offset = 0;
        for (int d = 0; d < v.rank(); d++) {
            offset = offset * v.shape()[d] + (v.shape()[d] == 1 ? 0 : index[lead + d]);
        }
        return offset;
    }

    private static Value reduce(Value x, int[] axes, boolean keepDims, boolean sum) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int axis : axes) {
            reduced[axis < 0 ? axis + rank : axis] = true;
        }
        int[] kept = x.shape().clone();
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        double[] acc = new double[size(kept)];
        Arrays.fill(acc, sum ? 0 : Double.NEGATIVE_INFINITY);
        int[] index = new int[rank];
        for (int i = 0; i < x.data().length; i++) {
            unravel(i, x.shape(), index);
            int target = 0;
            for (int d = 0; d < rank; d++) {
                target = target * kept[d] + (reduced[d] ? 0 : index[d]);
            }
            acc[target] = sum ? acc[target] + x.data()[i] : Math.max(acc[target], x.data()[i]);
        }
        float[] out = new float[acc.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) acc[i];
        }
        int[] shape = keepDims ? kept : dropped(x.shape(), reduced);
        return new Value(shape, out);
    }

    private static int[] dropped(int[] shape, boolean[] reduced) {
        int[] kept = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                kept[n++] = shape[d];
            }
        }
        return Arrays.copyOf(kept, n);
    }

    private Value reshape(TfliteOperator op, Value x) {
        // As in TFLite, a vector shape input wins over the new_shape option.
        boolean shapeInput = op.inputs().length > 1 && op.inputs()[1] >= 0
                && model.tensor(op.inputs()[1]).shape().length == 1;
        int[] target = shapeInput ? model.tensor(op.inputs()[1]).ints() : op.options().newShape();
        check(target != null, "RESHAPE has neither a shape input nor a new_shape option");
        target = target.clone();
        int[] fileInput = model.tensor(op.inputs()[0]).shape();
        // The file was converted with a fixed batch; carrying the file's batch into a reshape
        // means "the batch", so the actual batch takes its place.
        if (target.length > 0 && fileInput.length > 0 && target[0] == fileInput[0]) {
            target[0] = x.shape()[0];
        }
        int known = 1;
        int inferred = -1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1) {
                check(inferred < 0, "RESHAPE to " + Arrays.toString(target) + " has two -1 dimensions");
                inferred = d;
            } else {
                known *= target[d];
            }
        }
        if (inferred >= 0) {
            check(known > 0 && x.data().length % known == 0, "cannot reshape " + Arrays.toString(x.shape())
                    + " to " + Arrays.toString(target));
            target[inferred] = x.data().length / known;
        }
        check(size(target) == x.data().length, "cannot reshape " + Arrays.toString(x.shape()) + " to "
                + Arrays.toString(target));
        return new Value(target, x.data());
    }

    private static Value activate(Value x, TfliteOptions.Activation activation) {
        return switch (activation) {
            case NONE -> x;
            case RELU -> map(x, a -> Math.max(a, 0));
            case RELU6 -> map(x, a -> Math.min(Math.max(a, 0), 6));
            case RELU_N1_TO_1 -> map(x, a -> Math.min(Math.max(a, -1), 1));
            case TANH -> map(x, Math::tanh);
        };
    }

    private static void unravel(int flat, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

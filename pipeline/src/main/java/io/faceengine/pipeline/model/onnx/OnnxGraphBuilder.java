package io.faceengine.pipeline.model.onnx;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds an ONNX ModelProto directly in protobuf wire format. Field numbers are those of the
 * public onnx.proto; only the parts a feed-forward float graph needs are written.
 */
public final class OnnxGraphBuilder {
    /** IR version 8 goes with opset 18, the opset whose Reduce* ops take axes as an input. */
    public static final int IR_VERSION = 8;
    public static final int OPSET = 18;

    private static final int ELEM_FLOAT = 1;
    private static final int ELEM_INT64 = 7;

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final String graphName;
    private int nodeCounter;

    public OnnxGraphBuilder(String graphName) {
        this.graphName = graphName;
    }

    /** A name not used yet in this graph, derived from {@code hint}. */
    public String uniqueName(String hint) {
        String name = hint;
        for (int i = 1; !names.add(name); i++) {
            name = hint + "__" + i;
        }
        return name;
    }

    public String addFloatInitializer(String hint, long[] dims, float[] values) {
        String name = uniqueName(hint);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        initializers.add(tensor(name, ELEM_FLOAT, dims, raw.array()));
        return name;
    }

    public String addInt64Initializer(String hint, long[] values) {
        String name = uniqueName(hint);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        initializers.add(tensor(name, ELEM_INT64, new long[]{values.length}, raw.array()));
        return name;
    }

    /** A float graph input; a null entry in {@code dims} becomes a symbolic dimension. */
    public void addFloatInput(String name, String[] symbolicDims, long[] dims) {
        names.add(name);
        inputs.add(valueInfo(name, symbolicDims, dims));
    }

    public void addFloatOutput(String name, String[] symbolicDims, long[] dims) {
        outputs.add(valueInfo(name, symbolicDims, dims));
    }

    /** Adds a node and returns the name of its (single) output. */
    public String addNode(String opType, List<String> nodeInputs, String outputHint, Attribute... attributes) {
        String output = uniqueName(outputHint);
        addNode(opType, nodeInputs, List.of(output), attributes);
        return output;
    }

    public void addNode(String opType, List<String> nodeInputs, List<String> nodeOutputs, Attribute... attributes) {
        for (String output : nodeOutputs) {
            names.add(output);
        }
        String nodeName = opType + "_" + nodeCounter++;
        nodes.add(message(m -> {
            for (var in : nodeInputs) {
                m.writeString(1, in);
            }
            for (var out : nodeOutputs) {
                m.writeString(2, out);
            }
            m.writeString(3, nodeName);
            m.writeString(4, opType);
            for (Attribute attribute : attributes) {
                m.writeByteArray(5, attribute.encode());
            }
        }));
    }

    public byte[] build(String producerName) {
        byte[] graph = message(m -> {
            for (var n : nodes) {
                m.writeByteArray(1, n);
            }
            m.writeString(2, graphName);
            for (var t : initializers) {
                m.writeByteArray(5, t);
            }
            for (var v : inputs) {
                m.writeByteArray(11, v);
            }
            for (var v : outputs) {
                m.writeByteArray(12, v);
            }
        });
        byte[] opset = message(m -> {
            m.writeString(1, "");
            m.writeInt64(2, OPSET);
        });
        return message(m -> {
            m.writeInt64(1, IR_VERSION);
            m.writeString(2, producerName);
            m.writeByteArray(7, graph);
            m.writeByteArray(8, opset);
        });
    }

    /** A node attribute (AttributeProto). */
    public record Attribute(String name, int type, Long intValue, Float floatValue, long[] ints, String stringValue) {
        private static final int FLOAT = 1;
        private static final int INT = 2;
        private static final int STRING = 3;
        private static final int INTS = 7;

        public static Attribute ofInt(String name, long value) {
            return new Attribute(name, INT, value, null, null, null);
        }

        public static Attribute ofFloat(String name, float value) {
            return new Attribute(name, FLOAT, null, value, null, null);
        }

        public static Attribute ofInts(String name, long... values) {
            return new Attribute(name, INTS, null, null, values, null);
        }

        public static Attribute ofString(String name, String value) {
            return new Attribute(name, STRING, null, null, null, value);
        }

        byte[] encode() {
            return message(m -> {
                m.writeString(1, name);
                switch (type) {
                    case FLOAT -> m.writeFloat(2, floatValue);
                    case INT -> m.writeInt64(3, intValue);
                    case STRING -> m.writeString(4, stringValue);
                    case INTS -> {
                        for (long v : ints) {
                            m.writeInt64(8, v);
                        }
                    }
                    default -> throw new IllegalStateException("attribute type " + type);
                }
                m.writeInt64(20, type);
            });
        }
    }

    private static byte[] tensor(String name, int elemType, long[] dims, byte[] raw) {
        return message(m -> {
            for (long d : dims) {
                m.writeInt64(1, d);
            }
            m.writeInt64(2, elemType);
            m.writeString(8, name);
            m.writeByteArray(9, raw);
        });
    }

    private static byte[] valueInfo(String name, String[] symbolicDims, long[] dims) {
        byte[] shape = message(m -> {
            for (int i = 0; i < dims.length; i++) {
                int index = i;
                m.writeByteArray(1, message(d -> {
                    if (symbolicDims != null && symbolicDims[index] != null) {
                        d.writeString(2, symbolicDims[index]);
                    } else {
                        d.writeInt64(1, dims[index]);
                    }
                }));
            }
        });
        byte[] tensorType = message(m -> {
            m.writeInt64(1, ELEM_FLOAT);
            m.writeByteArray(2, shape);
        });
        byte[] type = message(m -> m.writeByteArray(1, tensorType));
        return message(m -> {
            m.writeString(1, name);
            m.writeByteArray(2, type);
        });
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }
}

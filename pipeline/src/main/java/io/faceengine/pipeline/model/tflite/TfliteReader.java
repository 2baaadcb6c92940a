package io.faceengine.pipeline.model.tflite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a TFLite flatbuffer (schema file identifier "TFL3") into a {@link TfliteModel}.
 * Field numbers below are the positions of the fields in the public TFLite schema.
 */
public final class TfliteReader {
    private static final String FILE_IDENTIFIER = "TFL3";

    // Model
    private static final int MODEL_OPERATOR_CODES = 1;
    private static final int MODEL_SUBGRAPHS = 2;
    private static final int MODEL_DESCRIPTION = 3;
    private static final int MODEL_BUFFERS = 4;
    // OperatorCode
    private static final int OPCODE_DEPRECATED_BUILTIN = 0;
    private static final int OPCODE_CUSTOM = 1;
    private static final int OPCODE_BUILTIN = 3;
    // SubGraph
    private static final int SUBGRAPH_TENSORS = 0;
    private static final int SUBGRAPH_INPUTS = 1;
    private static final int SUBGRAPH_OUTPUTS = 2;
    private static final int SUBGRAPH_OPERATORS = 3;
    // Tensor
    private static final int TENSOR_SHAPE = 0;
    private static final int TENSOR_TYPE = 1;
    private static final int TENSOR_BUFFER = 2;
    private static final int TENSOR_NAME = 3;
    private static final int TENSOR_QUANTIZATION = 4;
    private static final int TENSOR_SHAPE_SIGNATURE = 7;
    // QuantizationParameters
    private static final int QUANT_SCALE = 2;
    // Buffer
    private static final int BUFFER_DATA = 0;
    private static final int BUFFER_OFFSET = 1;
    private static final int BUFFER_SIZE = 2;
    // Operator
    private static final int OPERATOR_OPCODE_INDEX = 0;
    private static final int OPERATOR_INPUTS = 1;
    private static final int OPERATOR_OUTPUTS = 2;
    private static final int OPERATOR_BUILTIN_OPTIONS = 4;

    private TfliteReader() {
    }

    public static TfliteModel read(Path file) throws IOException {
        return read(ByteBuffer.wrap(Files.readAllBytes(file)));
    }

    public static TfliteModel read(ByteBuffer data) {
        try {
            return parse(FlatBufferTable.root(data, FILE_IDENTIFIER));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new TfliteFormatException("the TFLite file is truncated or corrupt (" + e.getClass().getSimpleName()
                    + " while reading it)");
        }
    }

    private static TfliteModel parse(FlatBufferTable model) {
        List<FlatBufferTable> subgraphs = model.getTableVector(MODEL_SUBGRAPHS);
        if (subgraphs.size() != 1) {
            throw new TfliteFormatException("expected exactly one subgraph, found " + subgraphs.size());
        }
        List<TfliteBuiltinOp> opcodes = new ArrayList<>();
        for (FlatBufferTable code : model.getTableVector(MODEL_OPERATOR_CODES)) {
            if (code.has(OPCODE_CUSTOM)) {
                throw new TfliteFormatException("custom operator '" + code.getString(OPCODE_CUSTOM) + "' is not supported");
            }
            // Newer files keep small codes in the deprecated byte field and large ones in the int field.
            int builtin = Math.max(code.getByte(OPCODE_DEPRECATED_BUILTIN, 0), code.getInt(OPCODE_BUILTIN, 0));
            opcodes.add(TfliteBuiltinOp.fromCode(builtin));
        }
        List<FlatBufferTable> buffers = model.getTableVector(MODEL_BUFFERS);
        FlatBufferTable graph = subgraphs.get(0);

        List<TfliteTensor> tensors = new ArrayList<>();
        List<FlatBufferTable> tensorTables = graph.getTableVector(SUBGRAPH_TENSORS);
        for (int i = 0; i < tensorTables.size(); i++) {
            tensors.add(readTensor(i, tensorTables.get(i), buffers));
        }
        List<TfliteOperator> operators = new ArrayList<>();
        for (FlatBufferTable op : graph.getTableVector(SUBGRAPH_OPERATORS)) {
            TfliteBuiltinOp builtin = opcodes.get(op.getInt(OPERATOR_OPCODE_INDEX, 0));
            operators.add(new TfliteOperator(builtin, op.getIntVector(OPERATOR_INPUTS), op.getIntVector(OPERATOR_OUTPUTS),
                    readOptions(builtin, op.getTable(OPERATOR_BUILTIN_OPTIONS))));
        }
        return new TfliteModel(model.getString(MODEL_DESCRIPTION), tensors, operators,
                graph.getIntVector(SUBGRAPH_INPUTS), graph.getIntVector(SUBGRAPH_OUTPUTS));
    }

    private static TfliteTensor readTensor(int index, FlatBufferTable tensor, List<FlatBufferTable> buffers) {
        String name = tensor.getString(TENSOR_NAME);
        FlatBufferTable quantization = tensor.getTable(TENSOR_QUANTIZATION);
        if (quantization != null && quantization.getIntVector(QUANT_SCALE).length > 0) {
            throw new TfliteFormatException("tensor '" + name + "' is quantized; only float32 models are supported");
        }
        int[] shape = tensor.getIntVector(TENSOR_SHAPE);
        int[] signature = tensor.has(TENSOR_SHAPE_SIGNATURE) ? tensor.getIntVector(TENSOR_SHAPE_SIGNATURE) : shape.clone();
        int bufferIndex = (int) tensor.getUnsignedInt(TENSOR_BUFFER, 0);
        ByteBuffer data = bufferIndex == 0 ? null : bufferData(buffers.get(bufferIndex));
        return new TfliteTensor(index, name, TfliteTensorType.fromCode(tensor.getByte(TENSOR_TYPE, 0)), shape, signature,
                data);
    }

    private static ByteBuffer bufferData(FlatBufferTable buffer) {
        ByteBuffer inline = buffer.getByteVector(BUFFER_DATA);
        if (inline != null && inline.remaining() > 0) {
            return inline;
        }
        long offset = buffer.getLong(BUFFER_OFFSET, 0);
        long size = buffer.getLong(BUFFER_SIZE, 0);
        if (offset > 1 && size > 0) {
            // Large models keep weights after the flatbuffer, addressed from the file start.
            return buffer.wholeBuffer().slice(Math.toIntExact(offset), Math.toIntExact(size))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        }
        return null;
    }

    private static TfliteOptions readOptions(TfliteBuiltinOp op, FlatBufferTable o) {
        TfliteOptions d = TfliteOptions.none();
        if (o == null) {
            return d;
        }
        return switch (op) {
            case CONV_2D -> new TfliteOptions(padding(o.getByte(0, 0)), o.getInt(1, 1), o.getInt(2, 1),
                    o.getInt(4, 1), o.getInt(5, 1), 0, 0, 1, TfliteOptions.Activation.fromCode(o.getByte(3, 0)),
                    false, null);
            case DEPTHWISE_CONV_2D -> new TfliteOptions(padding(o.getByte(0, 0)), o.getInt(1, 1), o.getInt(2, 1),
                    o.getInt(5, 1), o.getInt(6, 1), 0, 0, o.getInt(3, 1),
                    TfliteOptions.Activation.fromCode(o.getByte(4, 0)), false, null);
            case MAX_POOL_2D -> new TfliteOptions(padding(o.getByte(0, 0)), o.getInt(1, 1), o.getInt(2, 1), 1, 1,
                    o.getInt(3, 0), o.getInt(4, 0), 1, TfliteOptions.Activation.fromCode(o.getByte(5, 0)), false, null);
            case FULLY_CONNECTED -> {
                if (o.getByte(1, 0) != 0) {
                    throw new TfliteFormatException("FULLY_CONNECTED with shuffled weights is not supported");
                }
                yield new TfliteOptions(d.padding(), 1, 1, 1, 1, 0, 0, 1,
                        TfliteOptions.Activation.fromCode(o.getByte(0, 0)), o.getBoolean(2, false), null);
            }
            case ADD, SUB, MUL, DIV -> new TfliteOptions(d.padding(), 1, 1, 1, 1, 0, 0, 1,
                    TfliteOptions.Activation.fromCode(o.getByte(0, 0)), false, null);
            case RESHAPE -> new TfliteOptions(d.padding(), 1, 1, 1, 1, 0, 0, 1, TfliteOptions.Activation.NONE, false,
                    o.has(0) ? o.getIntVector(0) : null);
            case SUM, REDUCE_MAX -> new TfliteOptions(d.padding(), 1, 1, 1, 1, 0, 0, 1, TfliteOptions.Activation.NONE,
                    o.getBoolean(0, false), null);
            default -> d;
        };
    }

    private static TfliteOptions.Padding padding(int code) {
        return code == 1 ? TfliteOptions.Padding.VALID : TfliteOptions.Padding.SAME;
    }
}

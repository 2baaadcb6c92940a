package io.faceengine.pipeline.model.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only view of one table in a FlatBuffers buffer: a table starts with a signed offset
 * back to its vtable, whose 16-bit entries give each field's position inside the table
 * (0 = field absent, use the schema default). Only the accessors the TFLite schema needs.
 */
final class FlatBufferTable {
    private final ByteBuffer buffer;
    private final int position;
    private final int vtable;
    private final int vtableLength;

    private FlatBufferTable(ByteBuffer buffer, int position) {
        this.buffer = buffer;
        this.position = position;
        this.vtable = position - buffer.getInt(position);
        this.vtableLength = Short.toUnsignedInt(buffer.getShort(vtable));
    }

    /** The root table of a buffer, checking its 4-byte file identifier when one is expected. */
    static FlatBufferTable root(ByteBuffer data, String fileIdentifier) {
        ByteBuffer buffer = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.limit() < 8) {
            throw new TfliteFormatException("file is too short to be a FlatBuffer (" + buffer.limit() + " bytes)");
        }
        byte[] id = new byte[4];
        buffer.get(4, id);
        String actual = new String(id, StandardCharsets.US_ASCII);
        if (fileIdentifier != null && !fileIdentifier.equals(actual)) {
            throw new TfliteFormatException("file identifier is '" + actual + "', expected '" + fileIdentifier + "'");
        }
        return new FlatBufferTable(buffer, buffer.getInt(0));
    }

    private int fieldOffset(int fieldIndex) {
        int entry = 4 + 2 * fieldIndex;
        return entry < vtableLength ? Short.toUnsignedInt(buffer.getShort(vtable + entry)) : 0;
    }

    boolean has(int fieldIndex) {
        return fieldOffset(fieldIndex) != 0;
    }

    int getInt(int fieldIndex, int defaultValue) {
        int off = fieldOffset(fieldIndex);
        return off == 0 ? defaultValue : buffer.getInt(position + off);
    }

    long getUnsignedInt(int fieldIndex, long defaultValue) {
        int off = fieldOffset(fieldIndex);
        return off == 0 ? defaultValue : Integer.toUnsignedLong(buffer.getInt(position + off));
    }

    long getLong(int fieldIndex, long defaultValue) {
        int off = fieldOffset(fieldIndex);
        return off == 0 ? defaultValue : buffer.getLong(position + off);
    }

    int getByte(int fieldIndex, int defaultValue) {
        int off = fieldOffset(fieldIndex);
        return off == 0 ? defaultValue : buffer.get(position + off);
    }

    boolean getBoolean(int fieldIndex, boolean defaultValue) {
        int off = fieldOffset(fieldIndex);
        return off == 0 ? defaultValue : buffer.get(position + off) != 0;
    }

    /** Position of the object an offset field points to, or -1 when absent. */
    private int target(int fieldIndex) {
        int off = fieldOffset(fieldIndex);
        if (off == 0) {
            return -1;
        }
        int at = position + off;
        return at + buffer.getInt(at);
    }

    FlatBufferTable getTable(int fieldIndex) {
        int at = target(fieldIndex);
        return at < 0 ? null : new FlatBufferTable(buffer, at);
    }

    String getString(int fieldIndex) {
        int at = target(fieldIndex);
        if (at < 0) {
            return null;
        }
        byte[] bytes = new byte[checkedLength(at, 1)];
        buffer.get(at + 4, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    int[] getIntVector(int fieldIndex) {
        int at = target(fieldIndex);
        if (at < 0) {
            return new int[0];
        }
        int[] values = new int[checkedLength(at, 4)];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getInt(at + 4 + 4 * i);
        }
        return values;
    }

    /** A little-endian slice over a [ubyte] vector, without copying. */
    ByteBuffer getByteVector(int fieldIndex) {
        int at = target(fieldIndex);
        if (at < 0) {
            return null;
        }
        int length = checkedLength(at, 1);
        return buffer.slice(at + 4, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A vector's element count, refused when the vector would run past the end of the buffer. */
    private int checkedLength(int at, int elementSize) {
        int length = buffer.getInt(at);
        if (length < 0 || at + 4 + (long) length * elementSize > buffer.limit()) {
            throw new TfliteFormatException("a vector at byte " + at + " claims " + length
                    + " elements, more than the file holds: the file is truncated or corrupt");
        }
        return length;
    }

    /** The whole underlying buffer, for offsets that point outside the FlatBuffer itself. */
    ByteBuffer wholeBuffer() {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    List<FlatBufferTable> getTableVector(int fieldIndex) {
        int at = target(fieldIndex);
        if (at < 0) {
            return List.of();
        }
        int length = checkedLength(at, 4);
        List<FlatBufferTable> tables = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            int element = at + 4 + 4 * i;
            tables.add(new FlatBufferTable(buffer, element + buffer.getInt(element)));
        }
        return tables;
    }
}

package io.faceengine.pipeline.io;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Float arrays to and from checkpoint files (the adapter's and the network's), exactly (big-endian IEEE bits), in 64 KB chunks. */
public final class FloatStreams {
    private static final int CHUNK_BYTES = 1 << 16;

    private FloatStreams() {
    }

    public static void write(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        for (int from = 0; from < values.length; ) {
            int count = Math.min(values.length - from, CHUNK_BYTES / Float.BYTES);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, count);
            out.write(buffer.array(), 0, count * Float.BYTES);
            from += count;
        }
    }

    public static float[] read(DataInputStream in, int length) throws IOException {
        float[] values = new float[length];
        byte[] bytes = new byte[CHUNK_BYTES];
        for (int from = 0; from < length; ) {
            int count = Math.min(length - from, CHUNK_BYTES / Float.BYTES);
            in.readFully(bytes, 0, count * Float.BYTES);
            ByteBuffer.wrap(bytes, 0, count * Float.BYTES).asFloatBuffer().get(values, from, count);
            from += count;
        }
        return values;
    }
}

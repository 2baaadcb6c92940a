package io.faceengine.pipeline.image;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image input stream over bytes already in memory, without the copying and caching of the
 * general-purpose streams.
 *
 * <p>It also stops decoders that keep reading after the data has ended. Some decoders treat the
 * end of input as an endless run of zero bits and carry on; on a damaged file that declares
 * millions of pixels this costs minutes of CPU for a picture of garbage. After a generous number
 * of reads at the end, further reads fail with {@link DataExhaustedException}, which such
 * decoders do not catch.
 */
final class ByteArrayImageStream extends ImageInputStreamImpl {
    /** Well above the few end-of-data probes that well-behaved readers make. */
    static final int MAX_READS_AT_END = 1024;

    private final byte[] data;
    private int readsAtEnd;

    ByteArrayImageStream(byte[] data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        if (streamPos >= data.length) {
            countReadAtEnd();
            return -1;
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        checkClosed();
        Objects.checkFromIndexSize(offset, length, buffer.length);
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            countReadAtEnd();
            return -1;
        }
        int count = (int) Math.min(length, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, buffer, offset, count);
        streamPos += count;
        return count;
    }

    @Override
    public long length() {
        return data.length;
    }

    private void countReadAtEnd() throws DataExhaustedException {
        readsAtEnd++;
        if (readsAtEnd > MAX_READS_AT_END) {
            throw new DataExhaustedException(readsAtEnd);
        }
    }

    /** The decoder kept asking for data after the end of the input. */
    static final class DataExhaustedException extends IIOException {
        private static final long serialVersionUID = 1L;

        DataExhaustedException(int reads) {
            super("the decoder tried to read past the end of the data " + reads + " times");
        }
    }
}

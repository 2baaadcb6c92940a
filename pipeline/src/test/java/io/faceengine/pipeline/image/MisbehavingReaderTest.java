package io.faceengine.pipeline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whatever a reader throws while decoding ends up as an {@link ImageDecodeException}. Real damaged
 * files trigger these paths only by chance, so a stand-in reader, recognising nothing but its own
 * magic bytes, throws each kind on demand.
 */
class MisbehavingReaderTest {
    private static final byte[] MAGIC = "MISBEHAVE:".getBytes(StandardCharsets.US_ASCII);
    private static final MisbehavingReaderSpi PROVIDER = new MisbehavingReaderSpi();

    @BeforeAll
    static void register() {
        IIORegistry.getDefaultInstance().registerServiceProvider(PROVIDER, ImageReaderSpi.class);
    }

    @AfterAll
    static void deregister() {
        IIORegistry.getDefaultInstance().deregisterServiceProvider(PROVIDER, ImageReaderSpi.class);
    }

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource({
        "out-of-memory, OUT_OF_MEMORY",
        "stack-overflow, CORRUPT",
        "index-out-of-bounds, CORRUPT",
        "negative-array-size, CORRUPT",
        "illegal-argument, CORRUPT",
        "null-pointer, CORRUPT",
        "io, CORRUPT",
        "eof, CORRUPT",
        "unsupported-operation, UNSUPPORTED_FORMAT",
        "unsupported-message, UNSUPPORTED_FORMAT",
    })
    void readerFailureIsConverted(String failure, DecodeFailure expected) {
        Throwable thrown = failureNamed(failure).get();
        byte[] input = withMagic(failure);
        MisbehavingReaderSpi.NEXT_FAILURE.set(() -> thrown);
        try {
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> new ImageDecoder().decode(input, "misbehaving input"));
            assertEquals(expected, e.reason(), e.getMessage());
            assertSame(thrown, e.getCause(), "cause not attached");
        } finally {
            MisbehavingReaderSpi.NEXT_FAILURE.remove();
        }
    }

    private static Supplier<Throwable> failureNamed(String name) {
        return switch (name) {
            case "out-of-memory" -> () -> new OutOfMemoryError("Java heap space");
            case "stack-overflow" -> StackOverflowError::new;
            case "index-out-of-bounds" -> () -> new ArrayIndexOutOfBoundsException(-7);
            case "negative-array-size" -> () -> new NegativeArraySizeException("-12");
            case "illegal-argument" -> () -> new IllegalArgumentException("Width (0) and height (3) cannot be <= 0");
            case "null-pointer" -> NullPointerException::new;
            case "io" -> () -> new IIOException("Bogus Huffman table definition");
            case "eof" -> () -> new IIOException("Error reading data", new EOFException());
            case "unsupported-operation" -> UnsupportedOperationException::new;
            case "unsupported-message" -> () -> new IIOException("Unsupported compression type 9");
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static byte[] withMagic(String suffix) {
        byte[] tail = suffix.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(MAGIC, MAGIC.length + tail.length);
        System.arraycopy(tail, 0, input, MAGIC.length, tail.length);
        return input;
    }

    /** Claims to be a GIF reader so the decoder accepts it; recognises only {@link #MAGIC}. */
    static final class MisbehavingReaderSpi extends ImageReaderSpi {
        static final ThreadLocal<Supplier<Throwable>> NEXT_FAILURE = new ThreadLocal<>();

        MisbehavingReaderSpi() {
            vendorName = "test";
            version = "1";
            names = new String[] {"gif"};
            inputTypes = new Class<?>[] {ImageInputStream.class};
            pluginClassName = MisbehavingReader.class.getName();
        }

        @Override
        public boolean canDecodeInput(Object source) throws IOException {
            if (!(source instanceof ImageInputStream stream)) {
                return false;
            }
            byte[] head = new byte[MAGIC.length];
            stream.mark();
            try {
                return stream.read(head) == head.length && Arrays.equals(head, MAGIC);
            } finally {
                stream.reset();
            }
        }

        @Override
        public ImageReader createReaderInstance(Object extension) {
            return new MisbehavingReader(this);
        }

        @Override
        public String getDescription(Locale locale) {
            return "reader that fails on purpose";
        }
    }

    static final class MisbehavingReader extends ImageReader {
        MisbehavingReader(ImageReaderSpi provider) {
            super(provider);
        }

        @Override
        public int getNumImages(boolean allowSearch) {
            return 1;
        }

        @Override
        public int getWidth(int imageIndex) {
            return 8;
        }

        @Override
        public int getHeight(int imageIndex) {
            return 8;
        }

        @Override
        public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) {
            return List.of(ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB)).iterator();
        }

        @Override
        public IIOMetadata getStreamMetadata() {
            return null;
        }

        @Override
        public IIOMetadata getImageMetadata(int imageIndex) {
            return null;
        }

        @Override
        public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
            Throwable failure = MisbehavingReaderSpi.NEXT_FAILURE.get().get();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw (Error) failure;
        }
    }
}

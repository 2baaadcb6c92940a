package io.faceengine.pipeline.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * The one place the project turns encoded image bytes into pixels.
 *
 * <p>Accepts JPEG (including grey, CMYK, YCCK and Adobe variants), PNG, BMP, GIF (first frame),
 * WebP (lossy, lossless, with alpha) and baseline TIFF. Output is always 8-bit RGB with the EXIF
 * orientation of a JPEG applied; transparency is composited over white. Image size is read from the
 * header and checked against {@link ImageLimits} before any pixel memory is allocated.
 *
 * <p>Every failure, whatever the reader library threw, comes out as an {@link ImageDecodeException}
 * whose {@link DecodeFailure} says what went wrong and whose message says what to do.
 *
 * <p>Instances are immutable and safe to share between threads: each call gets its own reader.
 */
public final class ImageDecoder {
    private static final String UNNAMED_SOURCE = "The image data";

    private final ImageLimits limits;

    public ImageDecoder() {
        this(ImageLimits.defaults());
    }

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        ImageReaderPlugins.ensureRegistered();
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Reads and decodes a file; its size is checked before it is read into memory. */
    public DecodedImage decode(Path file) throws ImageDecodeException {
        Objects.requireNonNull(file, "file");
        String source = "File '" + file + "'";
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(DecodeFailure.UNREADABLE,
                    source + " does not exist; check the path and that the file was not moved or deleted.", e);
        } catch (IOException | SecurityException e) {
            throw unreadable(source, e);
        }
        checkByteCount(size, source);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw unreadable(source, e);
        }
        return decode(bytes, source);
    }

    public DecodedImage decode(byte[] bytes) throws ImageDecodeException {
        return decode(bytes, UNNAMED_SOURCE);
    }

    /**
     * Decodes bytes already in memory.
     *
     * @param sourceName how messages refer to the input, e.g. "File 'a.jpg'" or "Upload 42"
     */
    public DecodedImage decode(byte[] bytes, String sourceName) throws ImageDecodeException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        checkByteCount(bytes.length, sourceName);
        try (ImageInputStream stream = new ByteArrayImageStream(bytes)) {
            ImageReader reader = chooseReader(stream, bytes, sourceName);
            try {
                return new SingleImageRead(reader, limits, sourceName).run(stream, bytes);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            // Only closing the in-memory stream can get here; everything inside is already converted.
            throw new ImageDecodeException(DecodeFailure.UNREADABLE,
                    sourceName + " could not be read from memory (" + e.getMessage() + ").", e);
        }
    }

    private void checkByteCount(long size, String source) throws ImageDecodeException {
        if (size == 0) {
            throw new ImageDecodeException(DecodeFailure.EMPTY_FILE,
                    source + " is empty (0 bytes); the upload or copy probably failed, fetch the image again.");
        }
        if (size > limits.maxFileBytes()) {
            throw new ImageDecodeException(DecodeFailure.FILE_TOO_LARGE,
                    source + " is " + size + " bytes, more than the limit of " + limits.maxFileBytes()
                            + " bytes; recompress or downscale it, or raise maxFileBytes if such files are expected.");
        }
    }

    private static ImageDecodeException unreadable(String source, Exception cause) {
        return new ImageDecodeException(DecodeFailure.UNREADABLE,
                source + " could not be read (" + cause + "); check that it exists, is a regular file and"
                        + " that this process may read it.", cause);
    }

    /** First reader of a supported format that recognises the bytes; others are refused. */
    private static ImageReader chooseReader(ImageInputStream stream, byte[] bytes, String source)
            throws ImageDecodeException {
        ImageReaderSpi refusedProvider = null;
        try {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                ImageReaderSpi provider = reader.getOriginatingProvider();
                if (provider != null && SupportedFormat.of(provider).isPresent()) {
                    return reader;
                }
                reader.dispose();
                if (refusedProvider == null) {
                    refusedProvider = provider;
                }
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new ImageDecodeException(DecodeFailure.CORRUPT,
                    source + " could not be identified: a format probe failed on its header (" + e
                            + "); the file is probably damaged, fetch or export it again.", e);
        }
        if (refusedProvider != null) {
            throw new ImageDecodeException(DecodeFailure.UNSUPPORTED_FORMAT,
                    source + " is a " + SupportedFormat.describe(refusedProvider) + " image, which is not accepted;"
                            + " convert it to JPEG or PNG (accepted: " + SupportedFormat.listAll() + ").");
        }
        throw new ImageDecodeException(DecodeFailure.NOT_AN_IMAGE,
                source + " is not an image in any known format (" + ByteSignature.describe(bytes) + "); check that"
                        + " the right file was stored, not e.g. an HTML error page or a different file type. Accepted: "
                        + SupportedFormat.listAll() + ".");
    }
}

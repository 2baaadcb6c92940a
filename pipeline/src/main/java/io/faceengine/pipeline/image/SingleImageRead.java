package io.faceengine.pipeline.image;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One decode with one reader: header check, pixel read, conversion, orientation. Used once. */
final class SingleImageRead {
    private static final Logger LOG = LoggerFactory.getLogger(SingleImageRead.class);
    private static final int MAX_CAUSES = 16;

    private final ImageReader reader;
    private final ImageLimits limits;
    private final String source;
    private final SupportedFormat format;
    private String declaredSize = "unknown size";

    SingleImageRead(ImageReader reader, ImageLimits limits, String source) {
        this.reader = reader;
        this.limits = limits;
        this.source = source;
        this.format = SupportedFormat.of(reader.getOriginatingProvider())
                .orElseThrow(() -> new IllegalArgumentException("reader of an unsupported format"));
    }

    DecodedImage run(ImageInputStream stream, byte[] bytes) throws ImageDecodeException {
        try {
            return read(stream, bytes);
        } catch (IOException | RuntimeException e) {
            throw fromReaderFailure(e);
        } catch (OutOfMemoryError e) {
            /*
             * The failed allocation is the large buffer this decode asked for, and nothing holds it,
             * so the heap is usable again. Whether a bogus header or too many parallel decodes caused
             * it cannot be told apart here, so it gets its own reason rather than CORRUPT.
             */
            throw new ImageDecodeException(DecodeFailure.OUT_OF_MEMORY,
                    "Decoding " + source + " (a " + name() + " of " + declaredSize + ") ran out of memory ("
                            + e.getMessage() + "). Retry with fewer parallel decodes, more heap or a lower"
                            + " maxPixels; if only this file keeps failing, its header is probably damaged.", e);
        } catch (StackOverflowError e) {
            throw new ImageDecodeException(DecodeFailure.CORRUPT,
                    source + " is a damaged " + name() + ": its structure sent the decoder into runaway recursion."
                            + " Fetch or export it again.", e);
        }
    }

    private DecodedImage read(ImageInputStream stream, byte[] bytes) throws IOException, ImageDecodeException {
        ReadWarnings warnings = new ReadWarnings();
        reader.addIIOReadWarningListener(warnings);
        // Metadata is not needed for pixels, and skipping it avoids inflating compressed text chunks.
        reader.setInput(stream, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        declaredSize = width + "x" + height + " pixels";
        checkDimensions(width, height);
        Optional<String> shortContainer = Truncation.containerShortfall(format, bytes);
        if (shortContainer.isPresent()) {
            throw truncated(shortContainer.get(), null);
        }
        BufferedImage decoded = reader.read(0, reader.getDefaultReadParam());
        if (decoded == null) {
            throw corrupt("the decoder returned no image", null);
        }
        // Some headers (a JPEG height given only after the scan) can differ from the decoded size.
        checkDimensions(decoded.getWidth(), decoded.getHeight());
        checkWarnings(warnings.messages());
        RgbImage stored = RgbConversion.toRgb(decoded);
        int orientation = format == SupportedFormat.JPEG ? exifOrientation(bytes) : JpegExifOrientation.NOT_ROTATED;
        return new DecodedImage(ExifOrientationTransform.apply(stored, orientation),
                format.displayName(), stored.width(), stored.height(), orientation);
    }

    private void checkWarnings(List<String> readerWarnings) throws ImageDecodeException {
        if (readerWarnings.isEmpty()) {
            return;
        }
        LOG.debug("{}: {} reader warnings: {}", source, name(), readerWarnings);
        Optional<String> truncationWarning = Truncation.warningOf(readerWarnings);
        if (truncationWarning.isPresent()) {
            throw truncated("decoder warning: " + truncationWarning.get(), null);
        }
    }

    private void checkDimensions(int width, int height) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw corrupt("its header declares a size of " + width + "x" + height, null);
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(DecodeFailure.TOO_MANY_PIXELS,
                    source + " is a " + name() + " of " + width + "x" + height + " = " + pixels + " pixels, more than"
                            + " the limit of " + limits.maxPixels() + "; it was refused. Downscale it before"
                            + " import, or raise maxPixels if images this large are expected.");
        }
    }

    /*
     * A damaged EXIF block is a metadata problem while the pixels are usually fine, and phone and
     * editor bugs make such blocks common; so the image is kept, unrotated, and the problem logged.
     */
    private int exifOrientation(byte[] bytes) {
        int orientation;
        try {
            orientation = JpegExifOrientation.read(bytes);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: unreadable EXIF block, image used as stored without rotation", source, e);
            return JpegExifOrientation.NOT_ROTATED;
        }
        if (!ExifOrientationTransform.isValid(orientation)) {
            LOG.warn("{}: EXIF orientation {} is not 1..8, image used as stored without rotation", source, orientation);
            return JpegExifOrientation.NOT_ROTATED;
        }
        return orientation;
    }

    private ImageDecodeException fromReaderFailure(Exception e) {
        if (hasCause(e, EOFException.class) || hasCause(e, ByteArrayImageStream.DataExhaustedException.class)) {
            return truncated(e.toString(), e);
        }
        if (e instanceof UnsupportedOperationException || mentionsUnsupported(e)) {
            return new ImageDecodeException(DecodeFailure.UNSUPPORTED_FORMAT,
                    source + " is a " + name() + " variant this decoder cannot read (" + e + "). Convert it to"
                            + " a baseline JPEG or a PNG.", e);
        }
        return corrupt("the decoder rejected its data: " + e, e);
    }

    private ImageDecodeException truncated(String detail, Throwable cause) {
        return new ImageDecodeException(DecodeFailure.CORRUPT,
                source + " is a truncated " + name() + ": the data ends before the image does (" + detail + ")."
                        + " Fetch or export the file again, the stored copy is incomplete.", cause);
    }

    private ImageDecodeException corrupt(String detail, Throwable cause) {
        return new ImageDecodeException(DecodeFailure.CORRUPT,
                source + " is a damaged " + name() + ": " + detail + ". Fetch or export it again; if it opens"
                        + " in other programs, re-save it as PNG or JPEG.", cause);
    }

    private String name() {
        return format.name();
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        return causeChain(e).stream().anyMatch(type::isInstance);
    }

    private static boolean mentionsUnsupported(Throwable e) {
        return causeChain(e).stream()
                .map(Throwable::getMessage)
                .filter(Objects::nonNull)
                .map(message -> message.toLowerCase(Locale.ROOT))
                .anyMatch(message -> message.contains("unsupported") || message.contains("not supported"));
    }

    /** The exception and its causes, stopping at cycles. */
    private static List<Throwable> causeChain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < MAX_CAUSES && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}

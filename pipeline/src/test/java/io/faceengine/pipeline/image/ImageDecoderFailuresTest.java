package io.faceengine.pipeline.image;

import static io.faceengine.pipeline.image.TestImages.encode;
import static io.faceengine.pipeline.image.TestImages.jpeg;
import static io.faceengine.pipeline.image.TestImages.quadrants;
import static io.faceengine.pipeline.image.TestImages.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderFailuresTest {
    private static final String SOURCE = "upload-17.jpg";

    private final ImageDecoder decoder = new ImageDecoder();

    /** Asserts the reason, and that the message names the input and tells the user what to do. */
    private static ImageDecodeException assertFails(DecodeFailure reason, Executable decode) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, decode);
        assertEquals(reason, e.reason(), () -> "message was: " + e.getMessage());
        String message = e.getMessage();
        assertTrue(message.length() > 40, "message too short to act on: " + message);
        String lower = message.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("fetch") || lower.contains("convert") || lower.contains("check")
                || lower.contains("raise") || lower.contains("downscale"), "message gives no advice: " + message);
        return e;
    }

    private ImageDecodeException assertBytesFail(DecodeFailure reason, byte[] bytes) {
        ImageDecodeException e = assertFails(reason, () -> decoder.decode(bytes, SOURCE));
        assertTrue(e.getMessage().startsWith(SOURCE), "message does not name the input: " + e.getMessage());
        return e;
    }

    @Test
    void emptyBytes() {
        assertBytesFail(DecodeFailure.EMPTY_FILE, new byte[0]);
    }

    @Test
    void emptyFile(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("empty.png"));
        ImageDecodeException e = assertFails(DecodeFailure.EMPTY_FILE, () -> decoder.decode(file));
        assertTrue(e.getMessage().contains("empty.png"), e.getMessage());
    }

    @Test
    void randomBytesAreNotAnImage() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        // Keep the noise from starting like a real signature by chance.
        noise[0] = 'Z';
        assertBytesFail(DecodeFailure.NOT_AN_IMAGE, noise);
    }

    @Test
    void htmlErrorPageIsNotAnImageAndTheMessageShowsWhatItIs() {
        byte[] html = "<!DOCTYPE html><html><body>404 Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
        ImageDecodeException e = assertBytesFail(DecodeFailure.NOT_AN_IMAGE, html);
        assertTrue(e.getMessage().contains("<!DOCTYP"), e.getMessage());
    }

    @Test
    void textFileIsNotAnImage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.jpg");
        Files.writeString(file, "name,width,height\nalice,640,480\n");
        assertFails(DecodeFailure.NOT_AN_IMAGE, () -> decoder.decode(file));
    }

    @Test
    void recognisedButRefusedFormatIsUnsupported() {
        BufferedImage bilevel = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_BINARY);
        ImageDecodeException e = assertBytesFail(DecodeFailure.UNSUPPORTED_FORMAT, encode(bilevel, "wbmp"));
        assertTrue(e.getMessage().contains("WBMP"), e.getMessage());
    }

    @Test
    void recognisedFormatWithUnsupportedCompressionIsUnsupported() {
        byte[] tiff = encode(quadrants(), "tiff");
        // The big-endian IFD entry "Compression, SHORT, count 1, value 1 (none)"; make the value JPEG 2000.
        byte[] entry = {0x01, 0x03, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01};
        int at = indexOf(tiff, entry);
        tiff[at + 8] = (byte) 0x87;
        tiff[at + 9] = (byte) 0x98;
        assertBytesFail(DecodeFailure.UNSUPPORTED_FORMAT, tiff);
    }

    @ParameterizedTest(name = "{0} cut to {1} of its length")
    @CsvSource({
        "jpeg, 0.5", "jpeg, 0.9", "jpeg, 0.99",
        "progressive-jpeg, 0.5", "progressive-jpeg, 0.95",
        "png, 0.5", "png, 0.99",
        "bmp, 0.5", "bmp, 0.99",
        "gif, 0.5", "gif, 0.9",
        "tiff, 0.5", "tiff, 0.99",
    })
    void truncatedGeneratedImagesAreCorrupt(String kind, double keep) {
        byte[] full = generated(kind);
        assertBytesFail(DecodeFailure.CORRUPT, Arrays.copyOf(full, (int) (full.length * keep)));
    }

    @ParameterizedTest(name = "{0} cut to {1} of its length")
    @CsvSource({
        "quadrants-cmyk.jpg, 0.8", "quadrants-ycck.jpg, 0.9", "quadrants-exif6.jpg, 0.9",
        "texture-lossy.webp, 0.5", "texture-lossy.webp, 0.99",
        "texture-lossless.webp, 0.5", "texture-lossless.webp, 0.99",
        "quadrants-lossless.webp, 0.99",
    })
    void truncatedFixturesAreCorrupt(String fixture, double keep) {
        byte[] full = resource(fixture);
        assertBytesFail(DecodeFailure.CORRUPT, Arrays.copyOf(full, (int) (full.length * keep)));
    }

    @Test
    void jpegMissingOnlyItsEndMarkerIsCorrupt() {
        byte[] full = jpeg(TestImages.textured(), false);
        assertBytesFail(DecodeFailure.CORRUPT, Arrays.copyOf(full, full.length - 2));
    }

    @Test
    void jpegFollowedByTrailingBytesStillDecodes() throws Exception {
        byte[] full = jpeg(quadrants(), false);
        byte[] padded = Arrays.copyOf(full, full.length + 64);
        TestImages.assertQuadrants(decoder.decode(padded).image(), TestImages.LOSSY_TOLERANCE);
    }

    @Test
    void pngHeaderDeclaringTenBillionPixelsIsRefusedBeforeDecoding() {
        ImageDecodeException e = assertBytesFail(DecodeFailure.TOO_MANY_PIXELS,
                TestImages.pngHeaderDeclaring(100_000, 100_000));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void gifHeaderDeclaringHugeScreenIsRefusedBeforeDecoding() {
        assertBytesFail(DecodeFailure.TOO_MANY_PIXELS, TestImages.gifHeaderDeclaring(60_000, 60_000));
    }

    @Test
    void jpegHeaderDeclaringHugeFrameIsRefusedBeforeDecoding() {
        byte[] jpeg = jpeg(quadrants(), false);
        // SOF0 layout: marker (2), length (2), precision (1), height (2), width (2).
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        jpeg[sof + 5] = (byte) 0xEA;
        jpeg[sof + 6] = (byte) 0x60;
        jpeg[sof + 7] = (byte) 0xEA;
        jpeg[sof + 8] = (byte) 0x60;
        assertBytesFail(DecodeFailure.TOO_MANY_PIXELS, jpeg);
    }

    @Test
    void pixelLimitIsConfigurable() {
        ImageDecoder strict = new ImageDecoder(new ImageLimits(64 * 48 - 1, ImageLimits.DEFAULT_MAX_FILE_BYTES));
        assertFails(DecodeFailure.TOO_MANY_PIXELS, () -> strict.decode(encode(quadrants(), "png")));
    }

    @Test
    void imageExactlyAtThePixelLimitDecodes() throws Exception {
        ImageDecoder exact = new ImageDecoder(new ImageLimits(64 * 48, ImageLimits.DEFAULT_MAX_FILE_BYTES));
        assertEquals(64, exact.decode(encode(quadrants(), "png")).image().width());
    }

    @Test
    void bytesOverTheFileLimitAreRefused() {
        byte[] png = encode(quadrants(), "png");
        ImageDecoder small = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_PIXELS, png.length - 1));
        ImageDecodeException e = assertFails(DecodeFailure.FILE_TOO_LARGE, () -> small.decode(png));
        assertTrue(e.getMessage().contains(String.valueOf(png.length)), e.getMessage());
    }

    @Test
    void fileOverTheFileLimitIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.png");
        Files.write(file, encode(quadrants(), "png"));
        ImageDecoder small = new ImageDecoder(new ImageLimits(ImageLimits.DEFAULT_MAX_PIXELS, 10));
        assertFails(DecodeFailure.FILE_TOO_LARGE, () -> small.decode(file));
    }

    @Test
    void missingFileIsUnreadable(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jpg");
        ImageDecodeException e = assertFails(DecodeFailure.UNREADABLE, () -> decoder.decode(missing));
        assertTrue(e.getMessage().contains("missing.jpg"), e.getMessage());
    }

    @Test
    void directoryIsUnreadable(@TempDir Path dir) {
        assertFails(DecodeFailure.UNREADABLE, () -> decoder.decode(dir));
    }

    @Test
    void defaultLimits() {
        assertEquals(50_000_000L, ImageLimits.defaults().maxPixels());
        assertEquals(100L * 1024 * 1024, ImageLimits.defaults().maxFileBytes());
        assertEquals(ImageLimits.defaults(), new ImageDecoder().limits());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, ImageLimits.LARGEST_SUPPORTED_PIXELS + 1})
    void nonsensicalPixelLimitsAreRejected(long maxPixels) {
        assertThrows(IllegalArgumentException.class, () -> new ImageLimits(maxPixels, 1000));
    }

    @Test
    void failuresKeepTheirCause() {
        byte[] png = encode(quadrants(), "png");
        ImageDecodeException e = assertBytesFail(DecodeFailure.CORRUPT, Arrays.copyOf(png, png.length / 2));
        assertTrue(e.getCause() != null, "cause dropped");
    }

    private static byte[] generated(String kind) {
        BufferedImage textured = TestImages.textured();
        return switch (kind) {
            case "jpeg" -> jpeg(textured, false);
            case "progressive-jpeg" -> jpeg(textured, true);
            case "gif" -> encode(TestImages.indexed(textured), "gif");
            default -> encode(textured, kind);
        };
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found");
    }
}

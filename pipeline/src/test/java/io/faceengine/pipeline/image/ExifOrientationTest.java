package io.faceengine.pipeline.image;

import static io.faceengine.pipeline.image.TestImages.HEIGHT;
import static io.faceengine.pipeline.image.TestImages.LOSSY_TOLERANCE;
import static io.faceengine.pipeline.image.TestImages.WIDTH;
import static io.faceengine.pipeline.image.TestImages.assertQuadrants;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
    private final ImageDecoder decoder = new ImageDecoder();

    /*
     * A 3x2 image whose pixels are numbered 1..6 in reading order (value in the red channel):
     *   1 2 3
     *   4 5 6
     * and, per orientation, the displayed image in reading order, worked out by hand from the
     * EXIF definitions (e.g. 6: the stored image must be turned 90 degrees clockwise).
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, 3, 2, '1 2 3 4 5 6'",
        "2, 3, 2, '3 2 1 6 5 4'",
        "3, 3, 2, '6 5 4 3 2 1'",
        "4, 3, 2, '4 5 6 1 2 3'",
        "5, 2, 3, '1 4 2 5 3 6'",
        "6, 2, 3, '4 1 5 2 6 3'",
        "7, 2, 3, '6 3 5 2 4 1'",
        "8, 2, 3, '3 6 2 5 1 4'",
    })
    void transformMatchesTheExifDefinition(int orientation, int width, int height, String expectedOrder) {
        RgbImage stored = numbered3x2();
        RgbImage shown = ExifOrientationTransform.apply(stored, orientation);
        assertEquals(width, shown.width());
        assertEquals(height, shown.height());
        String[] expected = expectedOrder.split(" ");
        int i = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                assertEquals(Integer.parseInt(expected[i++]), shown.sample(x, y, 0), "at (" + x + "," + y + ")");
            }
        }
    }

    @Test
    void orientationOneReturnsTheSameImage() {
        RgbImage stored = numbered3x2();
        assertSame(stored, ExifOrientationTransform.apply(stored, 1));
    }

    @Test
    void committedFixtureTaggedRotate90IsShownUpright() throws Exception {
        DecodedImage decoded = decoder.decode(TestImages.resource("quadrants-exif6.jpg"));
        assertEquals(6, decoded.exifOrientation());
        assertEquals(HEIGHT, decoded.sourceWidth());
        assertEquals(WIDTH, decoded.sourceHeight());
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyOrientationIsShownUpright(int orientation) throws Exception {
        BufferedImage stored = storedFor(TestImages.quadrants(), orientation);
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(stored, false), orientation);

        DecodedImage decoded = decoder.decode(jpeg);

        assertEquals(orientation, decoded.exifOrientation());
        assertEquals(stored.getWidth(), decoded.sourceWidth());
        assertEquals(stored.getHeight(), decoded.sourceHeight());
        assertEquals(orientation >= 5, decoded.transposed());
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {0, 9, 300})
    void outOfRangeOrientationLeavesTheImageAsStored(int orientation) throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.quadrants(), false), orientation);
        DecodedImage decoded = decoder.decode(jpeg);
        assertEquals(1, decoded.exifOrientation());
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @Test
    void damagedExifBlockLeavesTheImageAsStored() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.jpeg(TestImages.quadrants(), false), 6);
        // Byte 12 is the first byte of the TIFF header after "Exif\0\0": no longer "II" or "MM".
        jpeg[12] = 'X';
        jpeg[13] = 'X';
        DecodedImage decoded = decoder.decode(jpeg);
        assertEquals(1, decoded.exifOrientation());
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @Test
    void pixelsAreCopiedNotShared() {
        RgbImage stored = numbered3x2();
        byte[] before = stored.rgb().clone();
        ExifOrientationTransform.apply(stored, 6);
        assertArrayEquals(before, stored.rgb());
    }

    private static RgbImage numbered3x2() {
        ByteBuffer rgb = ByteBuffer.allocate(3 * 2 * 3);
        for (int n = 1; n <= 6; n++) {
            rgb.put((byte) n).put((byte) 0).put((byte) 0);
        }
        return new RgbImage(3, 2, rgb.array());
    }

    /**
     * The pixels a camera stores so that applying {@code orientation} shows {@code shown}: each
     * orientation's inverse, written as plain coordinate mappings independent of the decoder.
     */
    private static BufferedImage storedFor(BufferedImage shown, int orientation) {
        int w = shown.getWidth();
        int h = shown.getHeight();
        boolean swapped = orientation >= 5;
        BufferedImage stored = new BufferedImage(swapped ? h : w, swapped ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = shown.getRGB(x, y);
                switch (orientation) {
                    case 1 -> stored.setRGB(x, y, rgb);
                    case 2 -> stored.setRGB(w - 1 - x, y, rgb);
                    case 3 -> stored.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case 4 -> stored.setRGB(x, h - 1 - y, rgb);
                    case 5 -> stored.setRGB(y, x, rgb);
                    // Shown = stored turned clockwise, so stored = shown turned anticlockwise.
                    case 6 -> stored.setRGB(y, w - 1 - x, rgb);
                    case 7 -> stored.setRGB(h - 1 - y, w - 1 - x, rgb);
                    case 8 -> stored.setRGB(h - 1 - y, x, rgb);
                    default -> throw new IllegalArgumentException("orientation " + orientation);
                }
            }
        }
        return stored;
    }
}

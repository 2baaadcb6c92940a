package io.faceengine.pipeline.image;

import static io.faceengine.pipeline.image.TestImages.HEIGHT;
import static io.faceengine.pipeline.image.TestImages.LOSSY_TOLERANCE;
import static io.faceengine.pipeline.image.TestImages.WHITE;
import static io.faceengine.pipeline.image.TestImages.WIDTH;
import static io.faceengine.pipeline.image.TestImages.assertColour;
import static io.faceengine.pipeline.image.TestImages.assertQuadrants;
import static io.faceengine.pipeline.image.TestImages.encode;
import static io.faceengine.pipeline.image.TestImages.jpeg;
import static io.faceengine.pipeline.image.TestImages.quadrants;
import static io.faceengine.pipeline.image.TestImages.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDecoderFormatsTest {
    private final ImageDecoder decoder = new ImageDecoder();

    private DecodedImage decode(byte[] bytes) throws ImageDecodeException {
        return decoder.decode(bytes, "test image");
    }

    private static void assertDecoded(DecodedImage decoded, String format) {
        assertEquals(format, decoded.format());
        assertEquals(WIDTH, decoded.sourceWidth());
        assertEquals(HEIGHT, decoded.sourceHeight());
        assertEquals(1, decoded.exifOrientation());
    }

    @Test
    void pngRgbIsExact() throws Exception {
        DecodedImage decoded = decode(encode(quadrants(), "png"));
        assertDecoded(decoded, "png");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void bmpIsExact() throws Exception {
        DecodedImage decoded = decode(encode(quadrants(BufferedImage.TYPE_3BYTE_BGR), "bmp"));
        assertDecoded(decoded, "bmp");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void eightBitPaletteBmpIsExact() throws Exception {
        DecodedImage decoded = decode(encode(quadrants(BufferedImage.TYPE_BYTE_INDEXED), "bmp"));
        assertDecoded(decoded, "bmp");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void tiffIsExact() throws Exception {
        DecodedImage decoded = decode(encode(quadrants(), "tiff"));
        assertDecoded(decoded, "tiff");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void gifIsExact() throws Exception {
        DecodedImage decoded = decode(encode(quadrants(BufferedImage.TYPE_BYTE_INDEXED), "gif"));
        assertDecoded(decoded, "gif");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void animatedGifGivesFirstFrame() throws Exception {
        BufferedImage second = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_INDEXED);
        byte[] gif = TestImages.animatedGif(quadrants(BufferedImage.TYPE_BYTE_INDEXED), second);
        DecodedImage decoded = decode(gif);
        assertDecoded(decoded, "gif");
        assertQuadrants(decoded.image(), 0);
    }

    @ParameterizedTest(name = "progressive={0}")
    @CsvSource({"false", "true"})
    void jpegIsClose(boolean progressive) throws Exception {
        DecodedImage decoded = decode(jpeg(quadrants(), progressive));
        assertDecoded(decoded, "jpeg");
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @Test
    void grayJpegBecomesEqualChannels() throws Exception {
        DecodedImage decoded = decode(jpeg(TestImages.gray(128), false));
        assertDecoded(decoded, "jpeg");
        assertColour(0x808080, decoded.image(), WIDTH / 2, HEIGHT / 2, 2);
    }

    @Test
    void grayPngKeepsItsValuesInsteadOfTreatingThemAsLinearLight() throws Exception {
        DecodedImage decoded = decode(encode(TestImages.gray(128), "png"));
        assertColour(0x808080, decoded.image(), 3, 3, 0);
    }

    @Test
    void sixteenBitGrayPngIsScaledToEightBits() throws Exception {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_USHORT_GRAY);
        fill(image.getRaster(), 0x8080);
        DecodedImage decoded = decode(encode(image, "png"));
        assertColour(0x808080, decoded.image(), 10, 10, 0);
    }

    @Test
    void sixteenBitRgbPngIsScaledToEightBits() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(WIDTH, HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = TestImages.quadrantColour(x, y, WIDTH, HEIGHT);
                raster.setPixel(x, y, new int[] {(rgb >> 16 & 0xFF) * 257, (rgb >> 8 & 0xFF) * 257, (rgb & 0xFF) * 257});
            }
        }
        DecodedImage decoded = decode(encode(new BufferedImage(model, raster, false, null), "png"));
        assertDecoded(decoded, "png");
        assertQuadrants(decoded.image(), 0);
    }

    @Test
    void paletteWithTransparentEntryIsCompositedOverWhite() throws Exception {
        byte[] r = {(byte) 255, 0, 0, (byte) 255};
        byte[] g = {0, (byte) 255, 0, (byte) 255};
        byte[] b = {0, 0, (byte) 255, 0};
        byte[] a = {(byte) 255, (byte) 255, (byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, a);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_BINARY, palette);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int index = (y < HEIGHT / 2 ? 0 : 2) + (x < WIDTH / 2 ? 0 : 1);
                raster.setSample(x, y, 0, index);
            }
        }
        DecodedImage decoded = decode(encode(image, "png"));
        RgbImage rgb = decoded.image();
        assertColour(TestImages.RED, rgb, 5, 5, 0);
        assertColour(TestImages.GREEN, rgb, WIDTH - 5, 5, 0);
        assertColour(TestImages.BLUE, rgb, 5, HEIGHT - 5, 0);
        assertColour(WHITE, rgb, WIDTH - 5, HEIGHT - 5, 0);
    }

    @Test
    void translucentRgbaPngIsCompositedOverWhite() throws Exception {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int alpha = x < WIDTH / 2 ? 0xFF : 0x80;
                image.setRGB(x, y, alpha << 24 | 0x000000);
            }
        }
        DecodedImage decoded = decode(encode(image, "png"));
        assertColour(0x000000, decoded.image(), 5, 5, 0);
        // Black at alpha 128/255 over white: 255 * 127 / 255 = 127.
        assertColour(0x7F7F7F, decoded.image(), WIDTH - 5, 5, 1);
    }

    @Test
    void grayWithAlphaPngIsCompositedOverWhite() throws Exception {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
                true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(WIDTH, HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                raster.setPixel(x, y, new int[] {0, x < WIDTH / 2 ? 255 : 0});
            }
        }
        DecodedImage decoded = decode(encode(new BufferedImage(model, raster, false, null), "png"));
        assertColour(0x000000, decoded.image(), 5, 5, 0);
        assertColour(WHITE, decoded.image(), WIDTH - 5, 5, 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quadrants-lossy.webp", "quadrants-lossless.webp"})
    void webpDecodes(String fixture) throws Exception {
        DecodedImage decoded = decode(resource(fixture));
        assertDecoded(decoded, "webp");
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quadrants-alpha-lossy.webp", "quadrants-alpha-lossless.webp"})
    void webpAlphaIsCompositedOverWhite(String fixture) throws Exception {
        // The fixture's bottom-right quadrant is fully transparent.
        DecodedImage decoded = decode(resource(fixture));
        RgbImage rgb = decoded.image();
        assertColour(TestImages.RED, rgb, WIDTH / 4, HEIGHT / 4, LOSSY_TOLERANCE);
        assertColour(TestImages.BLUE, rgb, WIDTH / 4, 3 * HEIGHT / 4, LOSSY_TOLERANCE);
        assertColour(WHITE, rgb, 3 * WIDTH / 4, 3 * HEIGHT / 4, LOSSY_TOLERANCE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"quadrants-cmyk.jpg", "quadrants-ycck.jpg"})
    void cmykAndYcckJpegsBecomeRgb(String fixture) throws Exception {
        DecodedImage decoded = decode(resource(fixture));
        assertDecoded(decoded, "jpeg");
        assertQuadrants(decoded.image(), LOSSY_TOLERANCE);
    }

    @Test
    void decodesFromPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quadrants.png");
        Files.write(file, encode(quadrants(), "png"));
        DecodedImage decoded = decoder.decode(file);
        assertDecoded(decoded, "png");
        assertQuadrants(decoded.image(), 0);
    }

    private static void fill(WritableRaster raster, int value) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, 0, value);
            }
        }
    }
}

package io.faceengine.pipeline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFEntry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFWriter;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test images. The reference picture is 64x48 with four flat quadrants, so orientation and
 * colour handling can both be checked by sampling the quadrant centres:
 * <pre>
 *   red   | green
 *   ------+-------
 *   blue  | yellow
 * </pre>
 * Committed fixtures under /images show the same picture (the "texture" ones excepted); they
 * cover what the JDK cannot write: WebP, CMYK and YCCK JPEG, and a JPEG whose pixels are stored
 * turned 90 degrees anticlockwise with EXIF orientation 6 written by a separate EXIF tool.
 */
final class TestImages {
    static final int WIDTH = 64;
    static final int HEIGHT = 48;

    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int YELLOW = 0xFFFF00;
    static final int WHITE = 0xFFFFFF;

    /** Close enough for lossy codecs sampled in the middle of flat areas. */
    static final int LOSSY_TOLERANCE = 48;

    private TestImages() {
    }

    static BufferedImage quadrants() {
        return quadrants(BufferedImage.TYPE_INT_RGB);
    }

    static BufferedImage quadrants(int imageType) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, imageType);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, 0xFF000000 | quadrantColour(x, y, WIDTH, HEIGHT));
            }
        }
        return image;
    }

    static int quadrantColour(int x, int y, int width, int height) {
        boolean left = x < width / 2;
        boolean top = y < height / 2;
        if (top) {
            return left ? RED : GREEN;
        }
        return left ? BLUE : YELLOW;
    }

    /** Smooth gradients plus seeded noise: gives encoders real work, for fuzzing. */
    static BufferedImage textured() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(20_240_601L);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | noise.nextInt(256));
            }
        }
        return image;
    }

    /** The image drawn into the default 256-colour palette, as GIF and palette PNG/BMP need. */
    static BufferedImage indexed(BufferedImage image) {
        BufferedImage indexed = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        indexed.getGraphics().drawImage(image, 0, 0, null);
        return indexed;
    }

    static BufferedImage gray(int level) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Arrays.fill(data, (byte) level);
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] animatedGif(BufferedImage... frames) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A JPEG with an APP1 "Exif" segment holding just the orientation tag, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        List<Entry> entries = List.of(new TIFFEntry(TIFF.TAG_ORIENTATION, TIFF.TYPE_SHORT, (short) orientation));
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(tiff)) {
            new TIFFWriter().write(entries, stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] exifHeader = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int segmentLength = 2 + exifHeader.length + tiff.size();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + segmentLength);
        out.put(jpeg, 0, 2);
        out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) segmentLength);
        out.put(exifHeader).put(tiff.toByteArray());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** A valid PNG signature and IHDR declaring the given size, followed by nothing useful. */
    static byte[] pngHeaderDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer png = ByteBuffer.allocate(8 + 12 + 13 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        putChunk(png, "IHDR", ihdr.array());
        putChunk(png, "IDAT", new byte[0]);
        return png.array();
    }

    private static void putChunk(ByteBuffer png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
    }

    /** GIF header whose screen and first image descriptor declare the given size. */
    static byte[] gifHeaderDeclaring(int width, int height) {
        ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII));
        gif.putShort((short) width).putShort((short) height);
        gif.put((byte) 0x80).put((byte) 0).put((byte) 0); // two-colour global table follows
        gif.put(new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
        gif.putShort((short) width).putShort((short) height).put((byte) 0);
        gif.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0).put((byte) 0x3B);
        byte[] bytes = new byte[gif.position()];
        gif.flip().get(bytes);
        return bytes;
    }

    static byte[] resource(String name) {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
            assertNotNull(in, "missing test fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int rgbAt(RgbImage image, int x, int y) {
        return image.sample(x, y, 0) << 16 | image.sample(x, y, 1) << 8 | image.sample(x, y, 2);
    }

    static void assertColour(int expected, RgbImage image, int x, int y, int tolerance) {
        int actual = rgbAt(image, x, y);
        for (int shift = 16; shift >= 0; shift -= 8) {
            int e = (expected >> shift) & 0xFF;
            int a = (actual >> shift) & 0xFF;
            assertTrue(Math.abs(e - a) <= tolerance, String.format(
                    "pixel (%d,%d): expected ~%06X, got %06X (tolerance %d)", x, y, expected, actual, tolerance));
        }
    }

    /** Checks the reference layout at the four quadrant centres. */
    static void assertQuadrants(RgbImage image, int tolerance) {
        assertEquals(WIDTH, image.width(), "width");
        assertEquals(HEIGHT, image.height(), "height");
        int qx = WIDTH / 4;
        int qy = HEIGHT / 4;
        assertColour(RED, image, qx, qy, tolerance);
        assertColour(GREEN, image, 3 * qx, qy, tolerance);
        assertColour(BLUE, image, qx, 3 * qy, tolerance);
        assertColour(YELLOW, image, 3 * qx, 3 * qy, tolerance);
    }
}

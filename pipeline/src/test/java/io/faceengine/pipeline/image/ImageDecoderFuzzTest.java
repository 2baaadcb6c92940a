package io.faceengine.pipeline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged input of every supported kind must end in a decoded image or an
 * {@link ImageDecodeException}, never in any other exception or error. Mutations come from a fixed
 * seed per fixture, so a failure names a mutant that can be rebuilt exactly.
 */
class ImageDecoderFuzzTest {
    private static final int BIT_FLIP_MUTANTS = 300;
    private static final int MAX_FLIPS_PER_MUTANT = 4;
    /** Files up to this size are cut at every offset; larger ones at a spread of offsets. */
    private static final int CUT_EVERY_OFFSET_UP_TO = 512;
    private static final int SAMPLED_CUTS = 256;
    private static final int REPORTED_FAILURES = 5;

    /*
     * Bit flips in a size field often declare a few million pixels; a low limit keeps those from
     * being decoded for real, so the suite stays fast while the refusal path is exercised too.
     */
    private static final ImageDecoder DECODER =
            new ImageDecoder(new ImageLimits(1_000_000, ImageLimits.DEFAULT_MAX_FILE_BYTES));

    static Stream<Arguments> fixtures() {
        BufferedImage quadrants = TestImages.quadrants();
        BufferedImage textured = TestImages.textured();
        List<Arguments> fixtures = new ArrayList<>(List.of(
                Arguments.of("baseline.jpg", TestImages.jpeg(textured, false)),
                Arguments.of("progressive.jpg", TestImages.jpeg(textured, true)),
                Arguments.of("gray.jpg", TestImages.jpeg(TestImages.gray(90), false)),
                Arguments.of("exif8.jpg", TestImages.withExifOrientation(TestImages.jpeg(quadrants, false), 8)),
                Arguments.of("rgb.png", TestImages.encode(textured, "png")),
                Arguments.of("palette.png", TestImages.encode(TestImages.indexed(textured), "png")),
                Arguments.of("gray16.png", TestImages.encode(gray16(), "png")),
                Arguments.of("rgba.png", TestImages.encode(withAlpha(textured), "png")),
                Arguments.of("rgb.bmp", TestImages.encode(TestImages.quadrants(BufferedImage.TYPE_3BYTE_BGR), "bmp")),
                Arguments.of("palette.bmp", TestImages.encode(TestImages.quadrants(BufferedImage.TYPE_BYTE_INDEXED), "bmp")),
                Arguments.of("textured.gif", TestImages.encode(TestImages.indexed(textured), "gif")),
                Arguments.of("rgb.tiff", TestImages.encode(quadrants, "tiff"))));
        for (String resource : List.of("quadrants-lossy.webp", "quadrants-lossless.webp", "quadrants-alpha-lossy.webp",
                "quadrants-alpha-lossless.webp", "texture-lossy.webp", "texture-lossless.webp",
                "quadrants-cmyk.jpg", "quadrants-ycck.jpg", "quadrants-exif6.jpg")) {
            fixtures.add(Arguments.of(resource, TestImages.resource(resource)));
        }
        return fixtures.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void truncationsNeverEscapeAsOtherErrors(String name, byte[] original) {
        List<String> failures = new ArrayList<>();
        for (int cut : cutOffsets(original.length, new Random(seed(name, 1)))) {
            check(Arrays.copyOf(original, cut), name + " cut to " + cut + " bytes", failures);
        }
        assertNoFailures(failures);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void bitFlipsNeverEscapeAsOtherErrors(String name, byte[] original) {
        List<String> failures = new ArrayList<>();
        Random random = new Random(seed(name, 2));
        for (int mutant = 0; mutant < BIT_FLIP_MUTANTS; mutant++) {
            byte[] bytes = original.clone();
            StringBuilder flips = new StringBuilder();
            int count = 1 + random.nextInt(MAX_FLIPS_PER_MUTANT);
            for (int f = 0; f < count; f++) {
                int offset = random.nextInt(bytes.length);
                int bit = random.nextInt(8);
                bytes[offset] ^= (byte) (1 << bit);
                flips.append(' ').append(offset).append('.').append(bit);
            }
            check(bytes, name + " mutant " + mutant + " (byte.bit flipped:" + flips + ")", failures);
        }
        assertNoFailures(failures);
    }

    private static void check(byte[] bytes, String description, List<String> failures) {
        try {
            DecodedImage decoded = DECODER.decode(bytes, description);
            RgbImage image = decoded.image();
            assertTrue(image.width() > 0 && image.height() > 0, description);
            assertEquals((long) image.width() * image.height() * 3, image.rgb().length, description);
        } catch (ImageDecodeException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), description);
        } catch (Throwable unexpected) {
            // Collected rather than rethrown, so one run lists every escaping mutant.
            failures.add(description + ": " + unexpected);
        }
    }

    private static void assertNoFailures(List<String> failures) {
        if (!failures.isEmpty()) {
            fail(failures.size() + " inputs escaped as other errors, e.g.\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(REPORTED_FAILURES, failures.size()))));
        }
    }

    private static List<Integer> cutOffsets(int length, Random random) {
        List<Integer> cuts = new ArrayList<>();
        if (length <= CUT_EVERY_OFFSET_UP_TO) {
            for (int cut = 0; cut < length; cut++) {
                cuts.add(cut);
            }
            return cuts;
        }
        // The header, where parsers are most fragile, then the tail, then random places in between.
        for (int cut = 0; cut < 64; cut++) {
            cuts.add(cut);
        }
        for (int cut = length - 16; cut < length; cut++) {
            cuts.add(cut);
        }
        while (cuts.size() < SAMPLED_CUTS) {
            cuts.add(64 + random.nextInt(length - 80));
        }
        return cuts;
    }

    private static long seed(String name, int salt) {
        return name.hashCode() * 31L + salt;
    }

    private static BufferedImage gray16() {
        BufferedImage image = new BufferedImage(TestImages.WIDTH, TestImages.HEIGHT, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, x * 1000 + y * 17);
            }
        }
        return image;
    }

    private static BufferedImage withAlpha(BufferedImage image) {
        BufferedImage argb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                argb.setRGB(x, y, (x * 4) << 24 | (image.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return argb;
    }
}

package io.faceengine.pipeline.align;

import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.RgbImage;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaceAlignerTest {
    /** One colour per landmark; channels are either full or off, so blending with black keeps them apart. */
    private static final int[][] COLOURS = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}};
    private static final AlignmentTemplate TEMPLATE = AlignmentTemplate.standard112();

    @Test
    void dotsAtTheLandmarksLandOnTheTemplate() {
        // A face 1.8x the template size, turned by 20 degrees and placed off-centre in a 300x260 image.
        double degrees = 20;
        double scale = 1.8;
        double r = Math.toRadians(degrees);
        SimilarityTransform templateToSource = new SimilarityTransform(scale * Math.cos(r), scale * Math.sin(r), 95, 30);
        int width = 300;
        int height = 260;
        byte[] rgb = new byte[width * height * 3];
        float[] lx = new float[5];
        float[] ly = new float[5];
        for (int i = 0; i < 5; i++) {
            // Whole-pixel dot centres, so the drawn dot is symmetric around the landmark.
            lx[i] = Math.round(templateToSource.mapX(TEMPLATE.x()[i], TEMPLATE.y()[i]));
            ly[i] = Math.round(templateToSource.mapY(TEMPLATE.x()[i], TEMPLATE.y()[i]));
            drawDisc(rgb, width, (int) lx[i], (int) ly[i], 4, COLOURS[i]);
        }

        AlignedFace aligned = new FaceAligner(TEMPLATE).align(new RgbImage(width, height, rgb), new Landmarks5(lx, ly));

        assertEquals(112, aligned.crop().width());
        assertEquals(112, aligned.crop().height());
        assertEquals(-degrees, aligned.transform().rotationDegrees(), 0.5);
        assertEquals(1 / scale, aligned.transform().scale(), 0.01);
        for (int i = 0; i < 5; i++) {
            double[] centre = colourCentroid(aligned.crop(), COLOURS[i]);
            assertEquals(TEMPLATE.x()[i], centre[0], 1.0, "landmark " + i + " x");
            assertEquals(TEMPLATE.y()[i], centre[1], 1.0, "landmark " + i + " y");
        }
    }

    @Test
    void landmarksAlreadyOnTheTemplateGiveTheSamePixels() {
        Random random = new Random(11);
        byte[] rgb = new byte[112 * 112 * 3];
        random.nextBytes(rgb);
        RgbImage image = new RgbImage(112, 112, rgb);

        AlignedFace aligned = new FaceAligner(TEMPLATE).align(image, new Landmarks5(TEMPLATE.x(), TEMPLATE.y()));

        assertArrayEquals(rgb, aligned.crop().rgb());
    }

    @Test
    void cropAreaOutsideTheSourceIsBlack() {
        // A white 112x112 source whose landmarks sit at its top-left corner: most of the crop lies off the image.
        byte[] rgb = new byte[112 * 112 * 3];
        java.util.Arrays.fill(rgb, (byte) 255);
        float[] x = new float[5];
        float[] y = new float[5];
        for (int i = 0; i < 5; i++) {
            x[i] = TEMPLATE.x()[i] - 60;
            y[i] = TEMPLATE.y()[i] - 60;
        }

        RgbImage crop = new FaceAligner(TEMPLATE).align(new RgbImage(112, 112, rgb), new Landmarks5(x, y)).crop();

        assertEquals(0, crop.sample(10, 10, 0));
        assertEquals(255, crop.sample(100, 100, 0));
    }

    private static void drawDisc(byte[] rgb, int width, int cx, int cy, int radius, int[] colour) {
        for (int y = cy - radius; y <= cy + radius; y++) {
            for (int x = cx - radius; x <= cx + radius; x++) {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) {
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * width + x) * 3 + c] = (byte) (255 * colour[c]);
                    }
                }
            }
        }
    }

    /** Intensity-weighted centre of the pixels showing exactly this colour's channels. */
    private static double[] colourCentroid(RgbImage image, int[] colour) {
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                boolean matches = true;
                int intensity = 0;
                for (int c = 0; c < 3; c++) {
                    int v = image.sample(x, y, c);
                    matches &= colour[c] == 1 ? v > 0 : v == 0;
                    intensity = Math.max(intensity, v);
                }
                if (matches && intensity > 0) {
                    sum += intensity;
                    sx += intensity * x;
                    sy += intensity * y;
                }
            }
        }
        assertTrue(sum > 0, "colour not found in the crop");
        return new double[]{sx / sum, sy / sum};
    }
}

package io.faceengine.pipeline.align;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimilarityTransformTest {

    private static SimilarityTransform rotationScaleShift(double degrees, double scale, double tx, double ty) {
        double r = Math.toRadians(degrees);
        return new SimilarityTransform(scale * Math.cos(r), scale * Math.sin(r), tx, ty);
    }

    @Test
    void fitRecoversAKnownTransformFromFivePoints() {
        SimilarityTransform known = rotationScaleShift(25, 1.7, 13.5, -7.25);
        AlignmentTemplate template = AlignmentTemplate.standard112();
        float[] dstX = new float[5];
        float[] dstY = new float[5];
        for (int i = 0; i < 5; i++) {
            dstX[i] = (float) known.mapX(template.x()[i], template.y()[i]);
            dstY[i] = (float) known.mapY(template.x()[i], template.y()[i]);
        }

        SimilarityTransform fitted = SimilarityTransform.fit(template.x(), template.y(), dstX, dstY);

        // Only float rounding of the target points separates the two.
        assertEquals(known.a(), fitted.a(), 1e-5);
        assertEquals(known.b(), fitted.b(), 1e-5);
        assertEquals(known.tx(), fitted.tx(), 1e-3);
        assertEquals(known.ty(), fitted.ty(), 1e-3);
        assertEquals(1.7, fitted.scale(), 1e-5);
        assertEquals(25, fitted.rotationDegrees(), 1e-3);
    }

    @Test
    void inverseComposesToIdentity() {
        SimilarityTransform t = rotationScaleShift(-140, 0.37, -52, 300);
        SimilarityTransform inverse = t.inverse();
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            double x = random.nextDouble() * 500 - 250;
            double y = random.nextDouble() * 500 - 250;
            assertEquals(x, inverse.mapX(t.mapX(x, y), t.mapY(x, y)), 1e-9);
            assertEquals(y, inverse.mapY(t.mapX(x, y), t.mapY(x, y)), 1e-9);
            assertEquals(x, t.mapX(inverse.mapX(x, y), inverse.mapY(x, y)), 1e-9);
            assertEquals(y, t.mapY(inverse.mapX(x, y), inverse.mapY(x, y)), 1e-9);
        }
        assertEquals(1 / 0.37, inverse.scale(), 1e-9);
        assertEquals(140, inverse.rotationDegrees(), 1e-9);
    }

    @Test
    void rotationSignFollowsTheImageAxes() {
        // Positive angles turn the x axis towards the y axis; with y pointing down that is clockwise on screen.
        SimilarityTransform quarter = SimilarityTransform.fit(
                new float[]{0, 10, 0}, new float[]{0, 0, 10}, new float[]{0, 0, -10}, new float[]{0, 10, 0});
        assertEquals(90, quarter.rotationDegrees(), 1e-6);
        assertEquals(0, quarter.mapX(10, 0), 1e-6);
        assertEquals(10, quarter.mapY(10, 0), 1e-6);

        // A face whose right eye sits lower on screen must be turned back the other way to level the eyes.
        SimilarityTransform level = SimilarityTransform.fit(
                new float[]{40, 70}, new float[]{50, 60}, new float[]{38, 74}, new float[]{52, 52});
        assertEquals(-Math.toDegrees(Math.atan2(10, 30)), level.rotationDegrees(), 1e-4);
    }

    @Test
    void fitRefusesPointsThatAllCoincide() {
        float[] same = {5, 5, 5, 5, 5};
        assertThrows(IllegalArgumentException.class, () -> SimilarityTransform.fit(same, same, same, same));
    }
}

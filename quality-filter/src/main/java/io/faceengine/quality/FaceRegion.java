package io.faceengine.quality;

/**
 * The part of an aligned crop that shows the inner face (brows to below the mouth, between the
 * outer eye corners), as fractions of the crop size. Blur and exposure are measured here only:
 * the crop's margins hold hair, background and, for faces near an image border, the black fill
 * the aligner uses, none of which says anything about the face.
 *
 * <p>With the standard 112x112 template (eyes at y = 52, mouth at y = 92) this is x 28..83,
 * y 37..100.
 */
record FaceRegion(int x0, int y0, int x1, int y1) {
    private static final double LEFT = 0.25;
    private static final double RIGHT = 0.75;
    private static final double TOP = 0.33;
    private static final double BOTTOM = 0.90;

    FaceRegion {
        if (x0 < 1 || y0 < 1 || x1 <= x0 || y1 <= y0) {
            throw new IllegalArgumentException("empty or border-touching face region " + x0 + "," + y0 + " - " + x1 + "," + y1);
        }
    }

    /** The region for a crop of this size; at least one pixel from every edge, so a 3x3 kernel fits. */
    static FaceRegion of(int width, int height) {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("crop of " + width + "x" + height + " is too small to measure");
        }
        return new FaceRegion((int) Math.round(width * LEFT), (int) Math.round(height * TOP),
                Math.min(width - 1, (int) Math.round(width * RIGHT)), Math.min(height - 1, (int) Math.round(height * BOTTOM)));
    }

    int pixelCount() {
        return (x1 - x0) * (y1 - y0);
    }
}

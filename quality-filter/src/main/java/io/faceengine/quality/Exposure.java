package io.faceengine.quality;

/**
 * Brightness of the face region: mean grey level (0..255) and the fraction of pixels clipped to
 * black or white, where under- or over-exposure has destroyed texture the embedder needs.
 */
record Exposure(float brightness, float clippedFraction) {
    /** Grey levels at or below this count as clipped black (JPEG noise keeps true black a little above 0). */
    static final float DARK_CLIP = 8f;
    /** Grey levels at or above this count as clipped white. */
    static final float BRIGHT_CLIP = 247f;

    static Exposure of(GreyImage grey, FaceRegion region) {
        double sum = 0;
        int clipped = 0;
        for (int y = region.y0(); y < region.y1(); y++) {
            for (int x = region.x0(); x < region.x1(); x++) {
                float v = grey.at(x, y);
                sum += v;
                if (v <= DARK_CLIP || v >= BRIGHT_CLIP) {
                    clipped++;
                }
            }
        }
        int n = region.pixelCount();
        return new Exposure((float) (sum / n), (float) clipped / n);
    }
}

package io.faceengine.quality;

/**
 * Variance of the 3x3 Laplacian (4-neighbour kernel) of the grey face region. Blur removes the
 * high frequencies the Laplacian responds to, so its variance drops; it also drops for faces
 * upscaled from few source pixels, which is wanted, as those carry as little detail.
 */
final class Sharpness {
    private Sharpness() {
    }

    static float laplacianVariance(GreyImage grey, FaceRegion region) {
        double sum = 0;
        double sumSquares = 0;
        for (int y = region.y0(); y < region.y1(); y++) {
            for (int x = region.x0(); x < region.x1(); x++) {
                double laplacian = grey.at(x - 1, y) + grey.at(x + 1, y) + grey.at(x, y - 1) + grey.at(x, y + 1)
                        - 4.0 * grey.at(x, y);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }
        int n = region.pixelCount();
        double mean = sum / n;
        return (float) Math.max(0, sumSquares / n - mean * mean);
    }
}

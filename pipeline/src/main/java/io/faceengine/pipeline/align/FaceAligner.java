package io.faceengine.pipeline.align;

import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.RgbImage;

/**
 * Warps a face so its five landmarks fall on the template: similarity transform fitted to the
 * landmarks, then bilinear sampling of the source at each crop pixel (pixels outside the
 * source are black). Same pixel convention as the template: integer coordinates are pixel centres.
 */
public final class FaceAligner {
    private final AlignmentTemplate template;

    public FaceAligner(AlignmentTemplate template) {
        this.template = template;
    }

    public AlignedFace align(RgbImage image, Landmarks5 landmarks) {
        SimilarityTransform toCrop = SimilarityTransform.fit(landmarks.x(), landmarks.y(), template.x(), template.y());
        SimilarityTransform toSource = toCrop.inverse();
        int w = template.width();
        int h = template.height();
        byte[] out = new byte[w * h * 3];
        for (int v = 0; v < h; v++) {
            for (int u = 0; u < w; u++) {
                sample(image, toSource.mapX(u, v), toSource.mapY(u, v), out, (v * w + u) * 3);
            }
        }
        return new AlignedFace(new RgbImage(w, h, out), toCrop);
    }

    private static void sample(RgbImage image, double x, double y, byte[] out, int at) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        for (int c = 0; c < 3; c++) {
            double top = (1 - fx) * pixel(image, x0, y0, c) + fx * pixel(image, x0 + 1, y0, c);
            double bottom = (1 - fx) * pixel(image, x0, y0 + 1, c) + fx * pixel(image, x0 + 1, y0 + 1, c);
            out[at + c] = (byte) Math.round((1 - fy) * top + fy * bottom);
        }
    }

    private static int pixel(RgbImage image, int x, int y, int c) {
        return x < 0 || y < 0 || x >= image.width() || y >= image.height() ? 0 : image.sample(x, y, c);
    }
}

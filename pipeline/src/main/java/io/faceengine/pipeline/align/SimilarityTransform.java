package io.faceengine.pipeline.align;

/**
 * x' = a·x − b·y + tx, y' = b·x + a·y + ty: rotation, uniform scale and shift (no shear, no
 * mirror), so aligning never distorts a face.
 */
public record SimilarityTransform(double a, double b, double tx, double ty) {

    /** Least-squares fit mapping the source points onto the target points (Umeyama without reflection). */
    public static SimilarityTransform fit(float[] srcX, float[] srcY, float[] dstX, float[] dstY) {
        int n = srcX.length;
        double msx = 0, msy = 0, mdx = 0, mdy = 0;
        for (int i = 0; i < n; i++) {
            msx += srcX[i];
            msy += srcY[i];
            mdx += dstX[i];
            mdy += dstY[i];
        }
        msx /= n;
        msy /= n;
        mdx /= n;
        mdy /= n;
        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double sx = srcX[i] - msx, sy = srcY[i] - msy, dx = dstX[i] - mdx, dy = dstY[i] - mdy;
            dot += sx * dx + sy * dy;
            cross += sx * dy - sy * dx;
            norm += sx * sx + sy * sy;
        }
        if (norm < 1e-9) {
            throw new IllegalArgumentException("landmarks are all at one point; cannot align");
        }
        double a = dot / norm;
        double b = cross / norm;
        return new SimilarityTransform(a, b, mdx - a * msx + b * msy, mdy - b * msx - a * msy);
    }

    public double mapX(double x, double y) {
        return a * x - b * y + tx;
    }

    public double mapY(double x, double y) {
        return b * x + a * y + ty;
    }

    public SimilarityTransform inverse() {
        double d = a * a + b * b;
        double ia = a / d;
        double ib = -b / d;
        return new SimilarityTransform(ia, ib, -(ia * tx - ib * ty), -(ib * tx + ia * ty));
    }

    public double scale() {
        return Math.hypot(a, b);
    }

    /** Rotation in degrees (positive = counter-clockwise in image coordinates). */
    public double rotationDegrees() {
        return Math.toDegrees(Math.atan2(b, a));
    }
}

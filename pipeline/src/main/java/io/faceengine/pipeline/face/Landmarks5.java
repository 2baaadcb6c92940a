package io.faceengine.pipeline.face;

/**
 * The five facial landmarks in source-image pixels, in the conventional order: left eye,
 * right eye, nose tip, left mouth corner, right mouth corner ("left" = image left).
 */
public record Landmarks5(float[] x, float[] y) {
    public static final int COUNT = 5;

    public Landmarks5 {
        if (x.length != COUNT || y.length != COUNT) {
            throw new IllegalArgumentException("need 5 landmark coordinates per axis");
        }
        x = x.clone();
        y = y.clone();
    }

    public float x(int i) {
        return x[i];
    }

    public float y(int i) {
        return y[i];
    }

    /** Distance between the eye centres, the usual measure of face size for quality checks. */
    public float interOcularDistance() {
        return (float) Math.hypot(x[1] - x[0], y[1] - y[0]);
    }
}

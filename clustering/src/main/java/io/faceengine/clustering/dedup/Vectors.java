package io.faceengine.clustering.dedup;

/** Centroid arithmetic shared by dedup and identity resolution. */
public final class Vectors {
    private Vectors() {
    }

    /** A unit-length copy; a vector without direction is refused, because it would match nothing. */
    static float[] unit(float[] vector, String what) {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException(what + " has no centroid");
        }
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        if (!(squares > 0) || Double.isInfinite(squares)) {
            throw new IllegalArgumentException(what + " has a centroid of norm 0 or not finite");
        }
        float[] out = new float[vector.length];
        double scale = 1.0 / Math.sqrt(squares);
        for (int i = 0; i < vector.length; i++) {
            out[i] = (float) (vector[i] * scale);
        }
        return out;
    }

    /** sum += weight * vector (a negative weight takes a contribution out), in double so large face counts do not lose the small ones. */
    public static void addWeighted(double[] sum, float[] vector, int weight) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += (double) weight * vector[i];
        }
    }

    static float[] unit(double[] sum, String what) {
        float[] asFloat = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            asFloat[i] = (float) sum[i];
        }
        return unit(asFloat, what);
    }
}

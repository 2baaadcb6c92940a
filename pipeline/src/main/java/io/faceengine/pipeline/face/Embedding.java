package io.faceengine.pipeline.face;

/**
 * An identity embedding: the L2-normalised vector and the norm the network produced before
 * normalisation (low norms go with blurred, occluded or non-face crops, so later stages use
 * it as a quality signal).
 */
public record Embedding(float[] vector, float rawNorm) {

    /** Cosine similarity of two normalised embeddings (their dot product). */
    public float cosine(Embedding other) {
        if (other.vector.length != vector.length) {
            throw new IllegalArgumentException("embedding sizes differ: " + vector.length + " vs " + other.vector.length);
        }
        double dot = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += vector[i] * other.vector[i];
        }
        return (float) dot;
    }

    /** Normalises a raw network output, keeping its norm. */
    public static Embedding fromRaw(float[] raw) {
        double sum = 0;
        for (float v : raw) {
            sum += v * v;
        }
        float norm = (float) Math.sqrt(sum);
        float[] unit = new float[raw.length];
        float scale = norm > 1e-12f ? 1f / norm : 0f;
        for (int i = 0; i < raw.length; i++) {
            unit[i] = raw[i] * scale;
        }
        return new Embedding(unit, norm);
    }
}

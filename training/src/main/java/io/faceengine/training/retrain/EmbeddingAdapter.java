package io.faceengine.training.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The trainable embedding head: a linear map on the frozen backbone's embedding,
 * {@code output = normalise(W · embedding + bias)}, with W a d×d matrix. {@link #identity} starts
 * it as the identity, so an untrained adapter leaves embeddings as they are and training only has
 * to learn the correction the curated labels ask for.
 *
 * <p>Saved as one small JSON file ({@link #FORMAT}, version {@link #FORMAT_VERSION}) holding W
 * row-major, the bias and free-form training metadata; floats are written in their shortest exact
 * form, so a saved adapter loads back bit for bit.
 */
public final class EmbeddingAdapter implements Serializable {
    public static final String FORMAT = "faceengine-embedding-adapter";
    public static final int FORMAT_VERSION = 1;

    private final int dimension;
    private final float[] weights;
    private final float[] bias;

    /** @param weights d×d row-major (row k gives output k), copied; @param bias d values, copied */
    public EmbeddingAdapter(int dimension, float[] weights, float[] bias) {
        if (dimension < 1 || weights.length != dimension * dimension || bias.length != dimension) {
            throw new IllegalArgumentException("an adapter of dimension " + dimension + " needs " + dimension * dimension
                    + " weights and " + dimension + " bias values, got " + weights.length + " and " + bias.length);
        }
        this.dimension = dimension;
        this.weights = weights.clone();
        this.bias = bias.clone();
    }

    public static EmbeddingAdapter identity(int dimension) {
        float[] weights = new float[dimension * dimension];
        for (int k = 0; k < dimension; k++) {
            weights[k * dimension + k] = 1f;
        }
        return new EmbeddingAdapter(dimension, weights, new float[dimension]);
    }

    public int dimension() {
        return dimension;
    }

    /** A copy of W, row-major. */
    public float[] weights() {
        return weights.clone();
    }

    public float[] bias() {
        return bias.clone();
    }

    /** The adapted, unit-length embedding of one face. */
    public float[] apply(float[] embedding) {
        if (embedding.length != dimension) {
            throw new IllegalArgumentException("adapter of dimension " + dimension + " given an embedding of " + embedding.length);
        }
        float[] out = new float[dimension];
        forward(weights, bias, dimension, 1, embedding, out, new float[1]);
        return out;
    }

    /**
     * Adapts {@code n} row-major embeddings: {@code adapted} gets the unit outputs and {@code norms} the
     * length of each output before normalisation (the backward pass divides by it).
     */
    static void forward(float[] weights, float[] bias, int d, int n, float[] inputs, float[] adapted, float[] norms) {
        RowMajor.timesTransposed(n, d, d, inputs, 0, weights, 0, 0f, adapted, 0);
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double squares = 0;
            for (int k = 0; k < d; k++) {
                float u = adapted[row + k] + bias[k];
                adapted[row + k] = u;
                squares += (double) u * u;
            }
            double norm = Math.sqrt(squares);
            if (!(norm > 0)) {
                throw new IllegalStateException("the adapter maps an embedding to zero (row " + i + "); it cannot be normalised");
            }
            norms[i] = (float) norm;
            float scale = (float) (1 / norm);
            for (int k = 0; k < d; k++) {
                adapted[row + k] *= scale;
            }
        }
    }

    /** Frobenius distance of W from the identity: how far training moved the adapter. */
    public double distanceFromIdentity() {
        double squares = 0;
        for (int r = 0; r < dimension; r++) {
            for (int c = 0; c < dimension; c++) {
                double delta = weights[r * dimension + c] - (r == c ? 1 : 0);
                squares += delta * delta;
            }
        }
        for (float b : bias) {
            squares += (double) b * b;
        }
        return Math.sqrt(squares);
    }

    /** The saved form; {@code training} is free-form metadata (options, data, history). */
    record AdapterFile(String format, int formatVersion, int dimension, String layout, float[] weights, float[] bias,
                       JsonNode training) {
    }

    public String toJson(JsonNode training) {
        return RunJson.write(new AdapterFile(FORMAT, FORMAT_VERSION, dimension,
                "output = normalise(weights · input + bias); weights row-major, dimension x dimension",
                weights, bias, training));
    }

    public static EmbeddingAdapter fromJson(String json, String source) {
        AdapterFile file = RunJson.read(json, AdapterFile.class, source);
        if (!FORMAT.equals(file.format()) || file.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(source + " is not an embedding adapter of format " + FORMAT + " version "
                    + FORMAT_VERSION + " (found " + file.format() + " version " + file.formatVersion() + ")");
        }
        if (file.weights() == null || file.bias() == null) {
            throw new IllegalArgumentException(source + " lacks weights or bias");
        }
        return new EmbeddingAdapter(file.dimension(), file.weights(), file.bias());
    }

    /** Writes the adapter so readers see the old file or the new one, never a partial one. */
    public void save(Configuration conf, Path file, JsonNode training) throws IOException {
        new RunFiles(conf).replaceAtomically(file, toJson(training));
    }

    public static EmbeddingAdapter load(Configuration conf, Path file) throws IOException {
        String json = new RunFiles(conf).read(file)
                .orElseThrow(() -> new IOException("no embedding adapter at " + file));
        return fromJson(json, file.toString());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddingAdapter a && a.dimension == dimension
                && Arrays.equals(a.weights, weights) && Arrays.equals(a.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "EmbeddingAdapter[dimension=" + dimension + ", distanceFromIdentity=" + distanceFromIdentity() + "]";
    }
}

package io.faceengine.clustering.graph;

import java.util.List;

/**
 * A set of unit-length embeddings stored row-major in one float array, so similarity blocks are
 * single matrix products and nothing is boxed. Row {@code i} is item {@code i} of the caller's list.
 */
public final class VectorSet {
    private final int size;
    private final int dimension;
    private final float[] values;

    private VectorSet(int size, int dimension, float[] values) {
        this.size = size;
        this.dimension = dimension;
        this.values = values;
    }

    /** Wraps row-major values; each row is normalised to unit length (rows of norm 0 are refused). */
    public static VectorSet normalised(int size, int dimension, float[] rowMajor) {
        if (size < 0 || dimension <= 0 || rowMajor.length != (long) size * dimension) {
            throw new IllegalArgumentException("expected " + size + " x " + dimension + " values, got " + rowMajor.length);
        }
        float[] values = rowMajor.clone();
        for (int row = 0; row < size; row++) {
            double squares = 0;
            int offset = row * dimension;
            for (int c = 0; c < dimension; c++) {
                squares += (double) values[offset + c] * values[offset + c];
            }
            if (!(squares > 0) || Double.isInfinite(squares)) {
                throw new IllegalArgumentException("row " + row + " has no direction (norm 0 or not finite)");
            }
            float scale = (float) (1.0 / Math.sqrt(squares));
            for (int c = 0; c < dimension; c++) {
                values[offset + c] *= scale;
            }
        }
        return new VectorSet(size, dimension, values);
    }

    public static VectorSet of(List<float[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no vectors");
        }
        int dimension = rows.get(0).length;
        float[] values = new float[rows.size() * dimension];
        for (int i = 0; i < rows.size(); i++) {
            float[] row = rows.get(i);
            if (row.length != dimension) {
                throw new IllegalArgumentException("row " + i + " has " + row.length + " values, expected " + dimension);
            }
            System.arraycopy(row, 0, values, i * dimension, dimension);
        }
        return normalised(rows.size(), dimension, values);
    }

    public int size() {
        return size;
    }

    public int dimension() {
        return dimension;
    }

    /** The backing row-major array (not a copy: callers must not modify it). */
    public float[] values() {
        return values;
    }

    public float[] row(int index) {
        float[] row = new float[dimension];
        System.arraycopy(values, index * dimension, row, 0, dimension);
        return row;
    }

    /** Cosine similarity of two rows (dot product of unit vectors). */
    public float similarity(int a, int b) {
        int oa = a * dimension;
        int ob = b * dimension;
        float dot = 0;
        for (int c = 0; c < dimension; c++) {
            dot += values[oa + c] * values[ob + c];
        }
        return dot;
    }
}

package io.faceengine.training.retrain;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three matrix products training needs, on row-major float arrays with offsets, as single BLAS
 * calls. BLAS is column-major, so each call multiplies the transposed views (a row-major m×k matrix
 * is the column-major k×m matrix): C = A·Bᵀ is computed as Cᵀ = B·Aᵀ, and so on.
 */
final class RowMajor {
    private static final BLAS BLAS_KERNEL = BLAS.getInstance();

    private RowMajor() {
    }

    /** C (m×n) = beta·C + A (m×k) · B (n×k)ᵀ. */
    static void timesTransposed(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                                float beta, float[] c, int cOffset) {
        BLAS_KERNEL.sgemm("T", "N", n, m, k, 1f, b, bOffset, k, a, aOffset, k, beta, c, cOffset, n);
    }

    /** C (m×n) = beta·C + A (m×k) · B (k×n). */
    static void times(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                      float beta, float[] c, int cOffset) {
        BLAS_KERNEL.sgemm("N", "N", n, m, k, 1f, b, bOffset, n, a, aOffset, k, beta, c, cOffset, n);
    }

    /** C (m×n) = beta·C + A (k×m)ᵀ · B (k×n). */
    static void transposedTimes(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset,
                                float beta, float[] c, int cOffset) {
        BLAS_KERNEL.sgemm("N", "T", n, m, k, 1f, b, bOffset, n, a, aOffset, m, beta, c, cOffset, n);
    }

    /** Which BLAS implementation runs (native or pure Java), for benchmark reports. */
    static String implementation() {
        return BLAS_KERNEL.getClass().getSimpleName();
    }
}

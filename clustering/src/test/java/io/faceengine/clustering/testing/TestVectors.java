package io.faceengine.clustering.testing;

import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded synthetic embeddings: random identity centres plus Gaussian noise, and exact-cosine constructions. */
public final class TestVectors {
    public static final int DIMENSION = 192;

    private TestVectors() {
    }

    public static float[] randomUnit(Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return unit(v);
    }

    /**
     * A face of the person at {@code centre}: centre + noise, normalised. Two faces of one person then
     * have an expected cosine of about 1 / (1 + sigma^2 * DIMENSION).
     */
    public static float[] face(float[] centre, double sigma, Random random) {
        float[] v = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) (centre[i] + sigma * random.nextGaussian());
        }
        return unit(v);
    }

    /** The noise level whose faces of one person have expected pairwise cosine {@code cosine}. */
    public static double sigmaForPairwise(double cosine) {
        return Math.sqrt((1 / cosine - 1) / DIMENSION);
    }

    /** k orthonormal vectors (Gram-Schmidt of random ones), to build vectors with exact cosines. */
    public static float[][] orthonormal(int k, Random random) {
        double[][] basis = new double[k][];
        for (int b = 0; b < k; b++) {
            double[] v = new double[DIMENSION];
            for (int i = 0; i < DIMENSION; i++) {
                v[i] = random.nextGaussian();
            }
            for (int p = 0; p < b; p++) {
                double dot = 0;
                for (int i = 0; i < DIMENSION; i++) {
                    dot += v[i] * basis[p][i];
                }
                for (int i = 0; i < DIMENSION; i++) {
                    v[i] -= dot * basis[p][i];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < DIMENSION; i++) {
                v[i] /= norm;
            }
            basis[b] = v;
        }
        float[][] out = new float[k][DIMENSION];
        for (int b = 0; b < k; b++) {
            for (int i = 0; i < DIMENSION; i++) {
                out[b][i] = (float) basis[b][i];
            }
        }
        return out;
    }

    /** sum of coefficients[b] * basis[b]. */
    public static float[] combine(float[][] basis, double... coefficients) {
        float[] v = new float[DIMENSION];
        for (int b = 0; b < coefficients.length; b++) {
            for (int i = 0; i < DIMENSION; i++) {
                v[i] += (float) (coefficients[b] * basis[b][i]);
            }
        }
        return v;
    }

    public static float dot(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return (float) dot;
    }

    public static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return out;
    }

    /** Every pair with cosine >= floor, by brute force: the graph an exact kNN with large k would give. */
    public static SimilarityGraph completeGraph(VectorSet faces, float floor) {
        List<int[]> pairs = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        for (int a = 0; a < faces.size(); a++) {
            for (int b = a + 1; b < faces.size(); b++) {
                float s = faces.similarity(a, b);
                if (s >= floor) {
                    pairs.add(new int[]{a, b});
                    weights.add(s);
                }
            }
        }
        int[] a = new int[pairs.size()];
        int[] b = new int[pairs.size()];
        float[] w = new float[pairs.size()];
        for (int e = 0; e < a.length; e++) {
            a[e] = pairs.get(e)[0];
            b[e] = pairs.get(e)[1];
            w[e] = weights.get(e);
        }
        return SimilarityGraph.fromEdges(faces.size(), a, b, w);
    }
}

package io.faceengine.clustering.review;

import io.faceengine.clustering.graph.VectorSet;

/** Members, unit centroids and member-to-own-centroid similarities of a clustering. */
final class ClusterGeometry {
    final int clusters;
    final int dimension;
    final int[][] members;
    /** Row-major unit centroids, one row per cluster. */
    final float[] centroids;
    /** Per face, cosine similarity to its own cluster's centroid. */
    final float[] own;
    private final VectorSet faces;

    private ClusterGeometry(VectorSet faces, int clusters, int[][] members, float[] centroids, float[] own) {
        this.faces = faces;
        this.clusters = clusters;
        this.dimension = faces.dimension();
        this.members = members;
        this.centroids = centroids;
        this.own = own;
    }

    static ClusterGeometry of(ClusteredFaces input) {
        VectorSet faces = input.faces();
        int[] labels = input.labels();
        int m = input.clusters();
        int d = faces.dimension();
        int[] sizes = new int[m];
        for (int label : labels) {
            sizes[label]++;
        }
        int[][] members = new int[m][];
        for (int k = 0; k < m; k++) {
            members[k] = new int[sizes[k]];
        }
        int[] fill = new int[m];
        double[] sums = new double[m * d];
        float[] values = faces.values();
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i];
            members[k][fill[k]++] = i;
            for (int x = 0; x < d; x++) {
                sums[k * d + x] += values[i * d + x];
            }
        }
        float[] centroids = new float[m * d];
        for (int k = 0; k < m; k++) {
            double squares = 0;
            for (int x = 0; x < d; x++) {
                squares += sums[k * d + x] * sums[k * d + x];
            }
            // Opposite members can cancel out; such a cluster has no direction and matches nothing.
            double scale = squares > 0 ? 1.0 / Math.sqrt(squares) : 0;
            for (int x = 0; x < d; x++) {
                centroids[k * d + x] = (float) (sums[k * d + x] * scale);
            }
        }
        ClusterGeometry geometry = new ClusterGeometry(faces, m, members, centroids, new float[labels.length]);
        for (int i = 0; i < labels.length; i++) {
            geometry.own[i] = geometry.faceToCentroid(i, labels[i]);
        }
        return geometry;
    }

    float faceToCentroid(int face, int cluster) {
        return dot(faces.values(), face * dimension, centroids, cluster * dimension);
    }

    float centroidToCentroid(int a, int b) {
        return dot(centroids, a * dimension, centroids, b * dimension);
    }

    float faceToFace(int a, int b) {
        return faces.similarity(a, b);
    }

    VectorSet centroidSet() {
        return VectorSet.normalised(clusters, dimension, centroids);
    }

    private float dot(float[] a, int offsetA, float[] b, int offsetB) {
        float dot = 0;
        for (int x = 0; x < dimension; x++) {
            dot += a[offsetA + x] * b[offsetB + x];
        }
        return dot;
    }
}

package io.faceengine.clustering.review;

import io.faceengine.clustering.graph.VectorSet;

import java.util.List;

/**
 * @param clusters  one assessment per cluster label, in label order
 * @param faces     one assessment per face, in face order
 * @param centroids unit centroid per cluster label (rows in label order)
 */
public record UncertaintyReport(List<ClusterAssessment> clusters, List<FaceAssessment> faces, VectorSet centroids) {
    public UncertaintyReport {
        clusters = List.copyOf(clusters);
        faces = List.copyOf(faces);
    }
}

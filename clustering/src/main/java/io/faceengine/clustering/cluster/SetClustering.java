package io.faceengine.clustering.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * The result of clustering one set: per face its cluster, similarity to the cluster centroid and
 * flags (e.g. OUTLIER, BOUNDARY); per cluster a summary; and the set's hard examples.
 */
public record SetClustering(String setId, List<String> faceIds, List<String> imageIds, List<String> clusterIdOfFace,
                            float[] centroidSimilarity, List<List<String>> faceFlags,
                            List<ClusterSummary> clusters, List<HardExample> hardExamples, int graphEdges)
        implements Serializable {
    public SetClustering {
        faceIds = List.copyOf(faceIds);
        imageIds = List.copyOf(imageIds);
        clusterIdOfFace = List.copyOf(clusterIdOfFace);
        faceFlags = faceFlags.stream().map(List::copyOf).toList();
        clusters = List.copyOf(clusters);
        hardExamples = List.copyOf(hardExamples);
    }
}

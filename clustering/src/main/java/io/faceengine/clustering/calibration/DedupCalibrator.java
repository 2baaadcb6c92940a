package io.faceengine.clustering.calibration;

import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.dedup.DedupOptions;
import io.faceengine.clustering.graph.NeighbourIndexOptions;
import io.faceengine.clustering.graph.NeighbourIndexes;
import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.VectorSet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Calibrates dedup on the run's own clusters: the centroid cosines of cluster pairs dedup may join
 * (all pairs, or a seeded sample of them) are a mixture of one person split over sets and two people;
 * each cluster's nearest centroid is recorded as evidence; clusters that share a photo are two
 * people. The fitted mixture gives the auto-merge cut at dedupMergeRate, the review band, and the
 * least merge similarity that keeps its clusters accepted.
 */
public final class DedupCalibrator {
    private static final int NEAREST_CANDIDATES = 8;
    /** The review band holds what a rate this many times looser would merge. */
    static final double REVIEW_RATE_FACTOR = 10;
    private final CalibrationOptions options;
    private final NeighbourIndexOptions indexOptions;

    public DedupCalibrator(CalibrationOptions options, NeighbourIndexOptions indexOptions) {
        this.options = options;
        this.indexOptions = indexOptions;
    }

    public DedupCalibration calibrate(List<ClusterSummary> clusters, DedupOptions configured, float configuredSureMerge) {
        List<ClusterSummary> sorted = new ArrayList<>(clusters);
        sorted.sort(java.util.Comparator.comparing(ClusterSummary::clusterId));
        PairEvidence evidence = evidence(sorted, configured.crossSetOnly());
        Fit fit = Fit.of(evidence, options);
        String problem = fit.problem();
        if (problem == null) {
            ScoreMixture m = fit.mixture();
            double autoMerge = m.thresholdAtFalseMergeRate(options.dedupMergeRate());
            double sure = m.thresholdAtLinkPosterior(options.acceptPrecision());
            if (Double.isNaN(autoMerge)) {
                problem = "no cosine up to 1 reaches dedupMergeRate " + options.dedupMergeRate();
            } else {
                double review = Math.min(autoMerge, m.thresholdAtFalseMergeRate(Math.min(0.5, REVIEW_RATE_FACTOR * options.dedupMergeRate())));
                return new DedupCalibration(fit, ThresholdSource.RUN, (float) autoMerge, (float) review,
                        (float) (Double.isNaN(sure) ? 1.0 : Math.max(sure, autoMerge)), null);
            }
        }
        return new DedupCalibration(fit, ThresholdSource.CONFIGURED, configured.autoMergeThreshold(), configured.reviewThreshold(),
                configuredSureMerge, problem);
    }

    private PairEvidence evidence(List<ClusterSummary> clusters, boolean crossSetOnly) {
        int n = clusters.size();
        if (n < 2) {
            return PairEvidence.EMPTY;
        }
        VectorSet centroids = VectorSet.of(clusters.stream().map(ClusterSummary::centroid).toList());
        List<Set<String>> photos = clusters.stream().map(c -> (Set<String>) new HashSet<>(c.imageIds())).toList();
        List<Float> pairs = new ArrayList<>();
        List<Float> samePhoto = new ArrayList<>();
        long all = (long) n * (n - 1) / 2;
        if (all <= options.maxPairsPerSet()) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    addPair(clusters, photos, centroids, i, j, crossSetOnly, pairs, samePhoto);
                }
            }
        } else {
            SplittableRandom random = new SplittableRandom(n);
            for (int attempt = 0; attempt < 4 * options.maxPairsPerSet() && pairs.size() < options.maxPairsPerSet(); attempt++) {
                int i = random.nextInt(n);
                int j = random.nextInt(n);
                if (i != j) {
                    addPair(clusters, photos, centroids, i, j, crossSetOnly, pairs, samePhoto);
                }
            }
        }
        return new PairEvidence(toArray(pairs), nearest(clusters, centroids, crossSetOnly), toArray(samePhoto),
                new float[0], new float[0], candidatesPerCluster(clusters, crossSetOnly));
    }

    private static void addPair(List<ClusterSummary> clusters, List<Set<String>> photos, VectorSet centroids, int i, int j,
                                boolean crossSetOnly, List<Float> pairs, List<Float> samePhoto) {
        if (crossSetOnly && clusters.get(i).setId().equals(clusters.get(j).setId())) {
            return;
        }
        boolean sharePhoto = !Collections.disjoint(photos.get(i), photos.get(j));
        (sharePhoto ? samePhoto : pairs).add(centroids.similarity(i, j));
    }

    private float[] nearest(List<ClusterSummary> clusters, VectorSet centroids, boolean crossSetOnly) {
        int n = clusters.size();
        int k = Math.min(NEAREST_CANDIDATES, n - 1);
        Neighbours neighbours = NeighbourIndexes.build(centroids, indexOptions).selfNeighbours(k);
        List<Float> out = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            for (int rank = 0; rank < k; rank++) {
                int other = neighbours.id(q, rank);
                if (other >= 0 && other != q && !(crossSetOnly && clusters.get(other).setId().equals(clusters.get(q).setId()))) {
                    out.add(neighbours.similarity(q, rank));
                    break;
                }
            }
        }
        return toArray(out);
    }

    /** Clusters each cluster could be merged with, on average: all others, or those of other sets. */
    private static int candidatesPerCluster(List<ClusterSummary> clusters, boolean crossSetOnly) {
        int n = clusters.size();
        if (!crossSetOnly) {
            return n - 1;
        }
        java.util.Map<String, Integer> perSet = new java.util.HashMap<>();
        clusters.forEach(c -> perSet.merge(c.setId(), 1, Integer::sum));
        long sum = 0;
        for (ClusterSummary c : clusters) {
            sum += n - perSet.get(c.setId());
        }
        return (int) Math.max(1, Math.round((double) sum / n));
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

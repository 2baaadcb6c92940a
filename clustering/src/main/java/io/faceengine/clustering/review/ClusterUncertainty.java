package io.faceengine.clustering.review;

import io.faceengine.clustering.graph.SimilarityGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How much to doubt each cluster, and which faces are doubtful. With t the clustering threshold,
 * b = {@code nearThresholdBand} and a cluster of n members with unit centroid c:
 *
 * <ul>
 *   <li>cohesion = mean of cos(x, c) over members; outliers are members with
 *       cos(x, c) &lt; {@code outlierMinSimilarity} or &lt; median - {@code outlierDrop}.</li>
 *   <li>margin = cohesion - max(0, best cos(c, c')) over clusters c' the graph links a member to.</li>
 *   <li>conflicts = graph edges &gt;= t from a member to another cluster: unions the clustering refused
 *       (with threshold components, exactly the cannot-link refusals).</li>
 *   <li>near-threshold: strongCoverage = largest share of members joined by internal edges &gt;= t + b
 *       (a cluster held together only by weak edges, e.g. two groups bridged by one face, falls
 *       apart); nearMiss = share of members with an edge in [t - b, t) to another cluster.</li>
 * </ul>
 *
 * Each doubt becomes a number in [0, 1] and the score is their noisy-OR, 1 - prod(1 - u), so any one
 * strong doubt makes the cluster uncertain and independent small doubts add up:
 * u_cohesion = (acceptCohesion - cohesion) / acceptCohesion, u_margin = (acceptMargin - margin) /
 * acceptMargin (both clamped to [0, 1]), u_conflict = 1 - 0.5^conflicts, u_outlier = 1 - 0.5^outliers,
 * u_near = max(min(1, 2 (1 - strongCoverage)), nearMiss), u_size = max(0, minAcceptSize - n) / minAcceptSize.
 *
 * <p>A cluster is accepted without review when cohesion &gt;= acceptCohesion, margin &gt;= acceptMargin,
 * it has no conflicts, no outliers, at least minAcceptSize members, and strongCoverage = 1 (no weak bridge
 * inside). Faces are flagged {@link FaceFlag#BOUNDARY} when a neighbouring cluster's centroid is within
 * {@code boundaryMargin} of their own centroid's similarity. Membership in a dedup merge candidate
 * adds the reason {@link UncertaintyReason#MERGE_CANDIDATE} only: that question is reviewed as its own item.
 */
public final class ClusterUncertainty {
    private final UncertaintyOptions options;

    public ClusterUncertainty(UncertaintyOptions options) {
        this.options = options;
    }

    public UncertaintyReport assess(ClusteredFaces input) {
        return assess(input, Set.of());
    }

    /** @param mergeCandidateClusters cluster labels that appear in a dedup review candidate */
    public UncertaintyReport assess(ClusteredFaces input, Set<Integer> mergeCandidateClusters) {
        ClusterGeometry geometry = ClusterGeometry.of(input);
        SimilarityGraph graph = input.graph();
        int[] labels = input.labels();
        int n = labels.length;
        int m = geometry.clusters;
        float t = input.threshold();
        float band = options.nearThresholdBand();

        int[] conflicts = new int[m];
        boolean[] nearMiss = new boolean[n];
        float[] bestOtherCentroid = new float[m];
        int[] nearestOther = new int[m];
        Arrays.fill(bestOtherCentroid, Float.NEGATIVE_INFINITY);
        Arrays.fill(nearestOther, -1);
        int[] faceOther = new int[n];
        float[] faceOtherSimilarity = new float[n];
        Arrays.fill(faceOther, -1);
        Arrays.fill(faceOtherSimilarity, Float.NaN);
        int[] strongParent = new int[n];
        for (int i = 0; i < n; i++) {
            strongParent[i] = i;
        }
        Map<Long, Float> centroidSimilarity = new HashMap<>();
        int[] seenBy = new int[m];
        Arrays.fill(seenBy, -1);

        for (int i = 0; i < n; i++) {
            int own = labels[i];
            for (int slot = graph.start(i); slot < graph.end(i); slot++) {
                int j = graph.target(slot);
                float w = graph.weight(slot);
                int other = labels[j];
                if (other == own) {
                    if (w >= t + band) {
                        union(strongParent, i, j);
                    }
                    continue;
                }
                if (w >= t) {
                    conflicts[own]++;
                } else if (w >= t - band) {
                    nearMiss[i] = true;
                }
                if (seenBy[other] == i) {
                    continue;
                }
                seenBy[other] = i;
                float toOther = geometry.faceToCentroid(i, other);
                if (faceOther[i] < 0 || toOther > faceOtherSimilarity[i] || (toOther == faceOtherSimilarity[i] && other < faceOther[i])) {
                    faceOther[i] = other;
                    faceOtherSimilarity[i] = toOther;
                }
                long key = ((long) Math.min(own, other) << 32) | Math.max(own, other);
                float between = centroidSimilarity.computeIfAbsent(key, k -> geometry.centroidToCentroid(own, other));
                if (between > bestOtherCentroid[own] || (between == bestOtherCentroid[own] && other < nearestOther[own])) {
                    bestOtherCentroid[own] = between;
                    nearestOther[own] = other;
                }
            }
        }

        List<FaceAssessment> faces = new ArrayList<>(n);
        List<Set<FaceFlag>> flags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Set<FaceFlag> set = EnumSet.noneOf(FaceFlag.class);
            if (faceOther[i] >= 0 && faceOtherSimilarity[i] >= geometry.own[i] - options.boundaryMargin()) {
                set.add(FaceFlag.BOUNDARY);
            }
            flags.add(set);
        }
        List<ClusterAssessment> clusters = new ArrayList<>(m);
        int[] componentSize = new int[n];
        for (int k = 0; k < m; k++) {
            int[] members = geometry.members[k];
            int size = members.length;
            float[] sims = new float[size];
            double sum = 0;
            int nearMissFaces = 0;
            int largest = 0;
            for (int x = 0; x < size; x++) {
                int face = members[x];
                sims[x] = geometry.own[face];
                sum += sims[x];
                nearMissFaces += nearMiss[face] ? 1 : 0;
                largest = Math.max(largest, ++componentSize[find(strongParent, face)]);
            }
            float[] sorted = sims.clone();
            Arrays.sort(sorted);
            float median = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
            int outliers = 0;
            for (int x = 0; x < size; x++) {
                if (sims[x] < options.outlierMinSimilarity() || sims[x] < median - options.outlierDrop()) {
                    flags.get(members[x]).add(FaceFlag.OUTLIER);
                    outliers++;
                }
            }
            float cohesion = (float) (sum / size);
            float margin = cohesion - Math.max(0f, bestOtherCentroid[k]);
            float strongCoverage = (float) largest / size;
            clusters.add(assessment(k, size, cohesion, sorted[0], margin, nearestOther[k], conflicts[k], outliers,
                    nearMissFaces, strongCoverage, mergeCandidateClusters.contains(k)));
        }
        for (int i = 0; i < n; i++) {
            faces.add(new FaceAssessment(i, labels[i], geometry.own[i], faceOther[i], faceOtherSimilarity[i], flags.get(i)));
        }
        return new UncertaintyReport(clusters, faces, geometry.centroidSet());
    }

    private ClusterAssessment assessment(int cluster, int size, float cohesion, float minSimilarity, float margin, int nearestOther,
                                         int conflicts, int outliers, int nearMissFaces, float strongCoverage, boolean mergeCandidate) {
        double uCohesion = clamp((options.acceptCohesion() - cohesion) / options.acceptCohesion());
        double uMargin = clamp((options.acceptMargin() - margin) / options.acceptMargin());
        double uConflict = 1 - Math.pow(0.5, conflicts);
        double uOutlier = 1 - Math.pow(0.5, outliers);
        double uNear = Math.max(Math.min(1, 2 * (1 - strongCoverage)), (double) nearMissFaces / size);
        double uSize = Math.max(0, options.minAcceptSize() - size) / (double) options.minAcceptSize();
        double keep = 1;
        for (double u : new double[]{uCohesion, uMargin, uConflict, uOutlier, uNear, uSize}) {
            keep *= 1 - u;
        }
        List<UncertaintyReason> reasons = new ArrayList<>();
        if (cohesion < options.acceptCohesion()) {
            reasons.add(UncertaintyReason.LOW_COHESION);
        }
        if (margin < options.acceptMargin()) {
            reasons.add(UncertaintyReason.SMALL_MARGIN);
        }
        if (conflicts > 0) {
            reasons.add(UncertaintyReason.CANNOT_LINK_CONFLICT);
        }
        if (uNear > 0) {
            reasons.add(UncertaintyReason.NEAR_THRESHOLD_MERGE);
        }
        if (outliers > 0) {
            reasons.add(UncertaintyReason.OUTLIER_MEMBERS);
        }
        if (size < options.minAcceptSize()) {
            reasons.add(UncertaintyReason.SMALL_CLUSTER);
        }
        if (mergeCandidate) {
            reasons.add(UncertaintyReason.MERGE_CANDIDATE);
        }
        boolean accepted = cohesion >= options.acceptCohesion() && margin >= options.acceptMargin() && conflicts == 0
                && outliers == 0 && size >= options.minAcceptSize() && strongCoverage == 1f;
        return new ClusterAssessment(cluster, size, cohesion, minSimilarity, margin, nearestOther, conflicts, outliers,
                nearMissFaces, strongCoverage, 1 - keep, reasons, accepted);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    private static int find(int[] parent, int item) {
        while (parent[item] != item) {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }
        return item;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}

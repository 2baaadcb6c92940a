package io.faceengine.clustering.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Scores a predicted clustering of faces against their true identities.
 *
 * <p>Everything is derived from the contingency table (faces per identity/cluster pair), so the
 * cost is linear in the number of faces: face pairs are counted with n·(n−1)/2 sums, never
 * enumerated, which keeps evaluation usable on large annotation batches.
 *
 * <p>Conventions for degenerate inputs (chosen so that a perfect clustering always scores 1.0):
 * <ul>
 *   <li>Pairwise precision is 1.0 when no two faces share a predicted cluster (nothing was
 *       merged, so nothing was merged wrongly); pairwise recall is 1.0 when no two faces share
 *       a true identity (there was nothing to merge).</li>
 *   <li>An F1 score is 0.0 when both its precision and recall are 0.0.</li>
 *   <li>NMI is 1.0 when truth and prediction both put all faces in a single group: the two
 *       partitions are identical, yet both entropies are zero and the ratio is undefined.
 *       When only one side is a single group, NMI is 0.0 (no shared information).</li>
 *   <li>BCubed needs no convention: every face's cluster and identity contain at least itself.</li>
 * </ul>
 * Faces present in only one of the two maps, empty input, and null labels are refused, because
 * silently dropping faces would make scores from different runs incomparable.
 */
public final class ClusteringMetrics {

    private static final int MAX_KEYS_IN_MESSAGE = 5;

    private ClusteringMetrics() {
    }

    /**
     * @param trueLabel        face id → true identity
     * @param predictedCluster face id → predicted cluster id (names are arbitrary)
     * @throws IllegalArgumentException if the key sets differ, are empty, or a label is null
     */
    public static ClusteringScores evaluate(Map<String, String> trueLabel,
                                            Map<String, String> predictedCluster) {
        if (trueLabel == null || predictedCluster == null) {
            throw new IllegalArgumentException("truth and prediction maps must not be null");
        }
        requireSameItems(trueLabel, predictedCluster);
        if (trueLabel.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no items");
        }

        Contingency table = Contingency.of(trueLabel, predictedCluster);
        long n = table.items;

        long samePairsInBoth = 0;
        double bcubedPrecisionSum = 0;
        double bcubedRecallSum = 0;
        double mutualInformation = 0;
        int[] clusterMajority = new int[table.clusterSizes.length];
        for (Map.Entry<Long, Integer> cell : table.cellCounts.entrySet()) {
            long overlap = cell.getValue();
            int identitySize = table.identitySizes[Contingency.identityOf(cell.getKey())];
            int clusterSize = table.clusterSizes[Contingency.clusterOf(cell.getKey())];

            samePairsInBoth += pairs(overlap);
            int cluster = Contingency.clusterOf(cell.getKey());
            clusterMajority[cluster] = Math.max(clusterMajority[cluster], (int) overlap);
            // Each of the `overlap` faces in this cell has the same per-face BCubed ratio.
            bcubedPrecisionSum += (double) overlap * overlap / clusterSize;
            bcubedRecallSum += (double) overlap * overlap / identitySize;
            mutualInformation += (double) overlap / n
                    * Math.log((double) n * overlap / ((double) identitySize * clusterSize));
        }

        long samePairsInTruth = 0;
        double identityEntropy = 0;
        for (int size : table.identitySizes) {
            samePairsInTruth += pairs(size);
            identityEntropy -= entropyTerm(size, n);
        }
        long samePairsInPrediction = 0;
        double clusterEntropy = 0;
        for (int size : table.clusterSizes) {
            samePairsInPrediction += pairs(size);
            clusterEntropy -= entropyTerm(size, n);
        }

        double pairwisePrecision = samePairsInPrediction == 0
                ? 1.0 : (double) samePairsInBoth / samePairsInPrediction;
        double pairwiseRecall = samePairsInTruth == 0
                ? 1.0 : (double) samePairsInBoth / samePairsInTruth;
        double bcubedPrecision = bcubedPrecisionSum / n;
        double bcubedRecall = bcubedRecallSum / n;

        return new ClusteringScores(
                (int) n,
                table.identitySizes.length,
                table.clusterSizes.length,
                pairwisePrecision,
                pairwiseRecall,
                f1(pairwisePrecision, pairwiseRecall),
                bcubedPrecision,
                bcubedRecall,
                f1(bcubedPrecision, bcubedRecall),
                normalizedMutualInformation(mutualInformation, identityEntropy, clusterEntropy,
                        table.identitySizes.length, table.clusterSizes.length),
                (double) java.util.Arrays.stream(clusterMajority).asLongStream().sum() / n);
    }

    private static double normalizedMutualInformation(double mutualInformation,
                                                      double identityEntropy,
                                                      double clusterEntropy,
                                                      int identities,
                                                      int clusters) {
        if (identities == 1 && clusters == 1) {
            return 1.0;
        }
        double entropySum = identityEntropy + clusterEntropy;
        if (entropySum <= 0) {
            return 0.0;
        }
        double nmi = 2 * mutualInformation / entropySum;
        // Floating-point rounding can push the ratio a hair outside [0, 1].
        return Math.max(0.0, Math.min(1.0, nmi));
    }

    private static double entropyTerm(int groupSize, long items) {
        double share = (double) groupSize / items;
        return share * Math.log(share);
    }

    private static long pairs(long groupSize) {
        return groupSize * (groupSize - 1) / 2;
    }

    private static double f1(double precision, double recall) {
        double sum = precision + recall;
        return sum == 0 ? 0.0 : 2 * precision * recall / sum;
    }

    private static void requireSameItems(Map<String, String> trueLabel,
                                         Map<String, String> predictedCluster) {
        List<String> onlyInTruth = keysMissingFrom(trueLabel, predictedCluster);
        List<String> onlyInPrediction = keysMissingFrom(predictedCluster, trueLabel);
        if (onlyInTruth.isEmpty() && onlyInPrediction.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("truth and prediction must cover the same items");
        if (!onlyInTruth.isEmpty()) {
            message.append("; ").append(onlyInTruth.size()).append(" only in truth, e.g. ")
                    .append(firstFew(onlyInTruth));
        }
        if (!onlyInPrediction.isEmpty()) {
            message.append("; ").append(onlyInPrediction.size()).append(" only in prediction, e.g. ")
                    .append(firstFew(onlyInPrediction));
        }
        throw new IllegalArgumentException(message.toString());
    }

    private static List<String> keysMissingFrom(Map<String, String> source, Map<String, String> other) {
        List<String> missing = new ArrayList<>();
        for (String key : source.keySet()) {
            if (!other.containsKey(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    private static String firstFew(List<String> keys) {
        // Sorted so the message is stable regardless of map iteration order.
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        return sorted.subList(0, Math.min(MAX_KEYS_IN_MESSAGE, sorted.size())).toString();
    }

    /** Face counts per true identity, per predicted cluster, and per (identity, cluster) cell. */
    private static final class Contingency {
        final long items;
        final int[] identitySizes;
        final int[] clusterSizes;
        /** Key packs identity index (high 32 bits) and cluster index (low 32 bits). */
        final Map<Long, Integer> cellCounts;

        private Contingency(long items, int[] identitySizes, int[] clusterSizes,
                            Map<Long, Integer> cellCounts) {
            this.items = items;
            this.identitySizes = identitySizes;
            this.clusterSizes = clusterSizes;
            this.cellCounts = cellCounts;
        }

        static Contingency of(Map<String, String> trueLabel, Map<String, String> predictedCluster) {
            Map<String, Integer> identityIndex = new HashMap<>();
            Map<String, Integer> clusterIndex = new HashMap<>();
            List<Integer> identitySizes = new ArrayList<>();
            List<Integer> clusterSizes = new ArrayList<>();
            Map<Long, Integer> cells = new HashMap<>();
            for (Map.Entry<String, String> entry : trueLabel.entrySet()) {
                String item = entry.getKey();
                String identity = entry.getValue();
                String cluster = predictedCluster.get(item);
                if (identity == null || cluster == null) {
                    throw new IllegalArgumentException("null label for item " + item);
                }
                int i = indexOf(identity, identityIndex, identitySizes);
                int c = indexOf(cluster, clusterIndex, clusterSizes);
                identitySizes.set(i, identitySizes.get(i) + 1);
                clusterSizes.set(c, clusterSizes.get(c) + 1);
                cells.merge(((long) i << 32) | c, 1, Integer::sum);
            }
            return new Contingency(trueLabel.size(), toArray(identitySizes), toArray(clusterSizes), cells);
        }

        static int identityOf(long cellKey) {
            return (int) (cellKey >>> 32);
        }

        static int clusterOf(long cellKey) {
            return (int) cellKey;
        }

        private static int indexOf(String label, Map<String, Integer> index, List<Integer> sizes) {
            return index.computeIfAbsent(label, unused -> {
                sizes.add(0);
                return sizes.size() - 1;
            });
        }

        private static int[] toArray(List<Integer> values) {
            return values.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}

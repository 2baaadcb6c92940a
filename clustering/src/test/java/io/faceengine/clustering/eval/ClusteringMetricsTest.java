package io.faceengine.clustering.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusteringMetricsTest {

    private static final double EPS = 1e-12;

    /** True identities of sizes 3, 2, 1: A = {f1, f2, f3}, B = {f4, f5}, C = {f6}. */
    private static final Map<String, String> TRUTH_3_2_1 = labels("AAABBC");

    /** Builds item ids f1, f2, ... labelled by the successive characters of {@code perItem}. */
    private static Map<String, String> labels(String perItem) {
        Map<String, String> byItem = new LinkedHashMap<>();
        for (int i = 0; i < perItem.length(); i++) {
            byItem.put("f" + (i + 1), String.valueOf(perItem.charAt(i)));
        }
        return byItem;
    }

    private static void assertAllOne(ClusteringScores s) {
        assertEquals(1.0, s.pairwisePrecision(), EPS);
        assertEquals(1.0, s.pairwiseRecall(), EPS);
        assertEquals(1.0, s.pairwiseF1(), EPS);
        assertEquals(1.0, s.bcubedPrecision(), EPS);
        assertEquals(1.0, s.bcubedRecall(), EPS);
        assertEquals(1.0, s.bcubedF1(), EPS);
        assertEquals(1.0, s.nmi(), EPS);
        assertEquals(1.0, s.purity(), EPS);
    }

    @Test
    void perfectClusteringScoresOneEverywhere() {
        ClusteringScores s = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("xxxyyz"));
        assertAllOne(s);
        assertEquals(6, s.items());
        assertEquals(3, s.trueIdentities());
        assertEquals(3, s.predictedClusters());
    }

    @Test
    void perfectClusteringOfSingletonsAndOfOneGroupScoreOne() {
        // No pairs on either side: precision and recall fall back to 1 by convention.
        assertAllOne(ClusteringMetrics.evaluate(labels("ABCD"), labels("wxyz")));
        // One group on both sides: NMI is defined as 1 (both entropies are 0).
        assertAllOne(ClusteringMetrics.evaluate(labels("AAAA"), labels("xxxx")));
        assertAllOne(ClusteringMetrics.evaluate(labels("A"), labels("x")));
    }

    @Test
    void everythingInOneCluster() {
        // Pairwise: predicted pairs C(6,2) = 15; true pairs C(3,2)+C(2,2) = 3+1 = 4, all of them
        // inside the single cluster, so precision = 4/15, recall = 4/4 = 1.
        // BCubed precision: each face sees a cluster of 6; A faces 3/6 (x3), B faces 2/6 (x2),
        // C face 1/6 -> (3*3/6 + 2*2/6 + 1/6) / 6 = (14/6) / 6 = 7/18.
        // NMI: the prediction has zero entropy, so mutual information is 0 and NMI = 0.
        ClusteringScores s = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("xxxxxx"));
        assertEquals(4.0 / 15, s.pairwisePrecision(), EPS);
        assertEquals(1.0, s.pairwiseRecall(), EPS);
        assertEquals(2 * (4.0 / 15) / (4.0 / 15 + 1), s.pairwiseF1(), EPS);
        assertEquals(7.0 / 18, s.bcubedPrecision(), EPS);
        assertEquals(1.0, s.bcubedRecall(), EPS);
        assertEquals(2 * (7.0 / 18) / (7.0 / 18 + 1), s.bcubedF1(), EPS);
        assertEquals(0.0, s.nmi(), EPS);
        assertEquals(0.5, s.purity(), EPS, "named after its majority A, the one cluster labels 3 of 6 faces right");
        assertEquals(1, s.predictedClusters());
    }

    @Test
    void allSingletons() {
        // Pairwise: no predicted pairs -> precision 1 (convention); 0 of 4 true pairs found -> recall 0;
        // F1 = 0.
        // BCubed: precision 1 per face; recall 1/3 (x3), 1/2 (x2), 1 (x1) -> (1 + 1 + 1) / 6 = 0.5.
        // NMI: the prediction determines the truth, so I = H(true) = (2/3)ln2 + (1/2)ln3 and
        // H(pred) = ln 6; NMI = 2 H(true) / (H(true) + ln 6).
        ClusteringScores s = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("uvwxyz"));
        assertEquals(1.0, s.pairwisePrecision(), EPS);
        assertEquals(0.0, s.pairwiseRecall(), EPS);
        assertEquals(0.0, s.pairwiseF1(), EPS);
        assertEquals(1.0, s.bcubedPrecision(), EPS);
        assertEquals(0.5, s.bcubedRecall(), EPS);
        assertEquals(2 * 0.5 / 1.5, s.bcubedF1(), EPS);
        double hTrue = 2.0 / 3 * Math.log(2) + 0.5 * Math.log(3);
        assertEquals(2 * hTrue / (hTrue + Math.log(6)), s.nmi(), EPS);
        assertEquals(6, s.predictedClusters());
    }

    /**
     * Truth A = {f1,f2,f3}, B = {f4,f5}, C = {f6}; prediction X = {f1,f2}, Y = {f3,f4,f5,f6}.
     * Contingency cells: X∩A = 2, Y∩A = 1, Y∩B = 2, Y∩C = 1.
     *
     * <pre>
     * Pairwise
     *   same-pair in both  = C(2,2) + C(1,2) + C(2,2) + C(1,2) = 1 + 0 + 1 + 0 = 2
     *   predicted pairs    = C(2,2) + C(4,2) = 1 + 6 = 7
     *   true pairs         = C(3,2) + C(2,2) + C(1,2) = 3 + 1 + 0 = 4
     *   precision = 2/7, recall = 2/4 = 1/2, F1 = 2·2/(7+4) = 4/11
     *
     * BCubed precision (|cluster ∩ class| / |cluster| per face)
     *   f1,f2: 2/2, 2/2   f3: 1/4   f4,f5: 2/4, 2/4   f6: 1/4
     *   sum = 1 + 1 + 0.25 + 0.5 + 0.5 + 0.25 = 3.5  -> 3.5 / 6 = 7/12
     * BCubed recall (|cluster ∩ class| / |class| per face)
     *   f1,f2: 2/3, 2/3   f3: 1/3   f4,f5: 2/2, 2/2   f6: 1/1
     *   sum = 4/3 + 1/3 + 2 + 1 = 14/3              -> (14/3) / 6 = 7/9
     *   F1 = 2·(7/12)(7/9) / (7/12 + 7/9) = (49/54) / (49/36) = 2/3
     *
     * NMI (natural log; N = 6)
     *   H(true) = ½ln2 + ⅓ln3 + ⅙ln6 = ⅔ln2 + ½ln3
     *   H(pred) = ⅓ln3 + ⅔ln(3/2)    = ln3 − ⅔ln2
     *   I = Σ n_ij/N · ln(N·n_ij / (a_i·b_j))
     *     = 2/6·ln(12/6) + 1/6·ln(6/12) + 2/6·ln(12/8) + 1/6·ln(6/4)
     *     = ⅓ln2 − ⅙ln2 + ½ln(3/2) = ½ln3 − ⅓ln2
     *   H(true) + H(pred) = (3/2)·ln3
     *   NMI = 2I / (3/2·ln3) = 2/3 − (4/9)·ln2/ln3 ≈ 0.386253442857
     *   (sklearn normalized_mutual_info_score, arithmetic: 0.3862534428571302)
     * </pre>
     */
    @Test
    void handWorkedExample() {
        ClusteringScores s = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("XXYYYY"));
        assertEquals(2.0 / 7, s.pairwisePrecision(), EPS);
        assertEquals(0.5, s.pairwiseRecall(), EPS);
        assertEquals(4.0 / 11, s.pairwiseF1(), EPS);
        assertEquals(7.0 / 12, s.bcubedPrecision(), EPS);
        assertEquals(7.0 / 9, s.bcubedRecall(), EPS);
        assertEquals(2.0 / 3, s.bcubedF1(), EPS);
        assertEquals(2.0 / 3 - 4.0 / 9 * Math.log(2) / Math.log(3), s.nmi(), EPS);
        assertEquals(0.3862534428571302, s.nmi(), 1e-12);
        assertEquals(4.0 / 6, s.purity(), EPS, "X = {A, A}: 2 right; Y = {A, B, B, C}: the 2 Bs right");
        assertEquals(2, s.predictedClusters());
    }

    @Test
    void swappingTruthAndPredictionSwapsPrecisionAndRecall() {
        Map<String, String> predicted = labels("XXYYYY");
        ClusteringScores forward = ClusteringMetrics.evaluate(TRUTH_3_2_1, predicted);
        ClusteringScores backward = ClusteringMetrics.evaluate(predicted, TRUTH_3_2_1);
        assertEquals(forward.pairwisePrecision(), backward.pairwiseRecall(), EPS);
        assertEquals(forward.pairwiseRecall(), backward.pairwisePrecision(), EPS);
        assertEquals(forward.pairwiseF1(), backward.pairwiseF1(), EPS);
        assertEquals(forward.bcubedPrecision(), backward.bcubedRecall(), EPS);
        assertEquals(forward.bcubedRecall(), backward.bcubedPrecision(), EPS);
        assertEquals(forward.bcubedF1(), backward.bcubedF1(), EPS);
        assertEquals(forward.nmi(), backward.nmi(), EPS);
        assertEquals(forward.trueIdentities(), backward.predictedClusters());
        assertEquals(forward.predictedClusters(), backward.trueIdentities());
    }

    @Test
    void labelNamesDoNotMatter() {
        ClusteringScores original = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("XXYYYY"));
        ClusteringScores renamedClusters = ClusteringMetrics.evaluate(TRUTH_3_2_1, labels("QQPPPP"));
        ClusteringScores renamedBoth = ClusteringMetrics.evaluate(labels("CCCAAB"), labels("AABBBB"));
        assertEquals(original, renamedClusters);
        assertEquals(original, renamedBoth);
    }

    @Test
    void mismatchedItemsAreRefusedAndNamed() {
        Map<String, String> predicted = new LinkedHashMap<>(labels("XXYYYY"));
        predicted.remove("f2");
        predicted.put("g9", "X");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(TRUTH_3_2_1, predicted));
        assertTrue(e.getMessage().contains("f2"), e.getMessage());
        assertTrue(e.getMessage().contains("g9"), e.getMessage());
    }

    @Test
    void emptyInputIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ClusteringMetrics.evaluate(Map.of(), Map.of()));
    }

    /**
     * Reference values come from scikit-learn 1.2.1 on the same 30 labels, generated by a seeded
     * script (numpy default_rng(12345)): NMI from
     * normalized_mutual_info_score(average_method='arithmetic'), pairwise precision/recall from
     * pair_confusion_matrix (ordered-pair counts tp=104, fp=68, fn=90). BCubed is not in
     * scikit-learn; its reference values came from a separate brute-force per-item loop in that
     * same script.
     */
    @Test
    void matchesIndependentReferenceOnSeededRandomExample() {
        ClusteringScores s = ClusteringMetrics.evaluate(
                labels("DBDBBDDDEBEBCCBABDDEDBEEDDAABC"),
                labels("rqsqqssstqrqrrqtqqrrvqttsspprr"));
        assertEquals(30, s.items());
        assertEquals(0.61898415280589048, s.nmi(), 1e-12);
        assertEquals(104.0 / 172, s.pairwisePrecision(), EPS);
        assertEquals(0.60465116279069764, s.pairwisePrecision(), 1e-12);
        assertEquals(0.53608247422680411, s.pairwiseRecall(), 1e-12);
        assertEquals(0.69907407407407407, s.bcubedPrecision(), 1e-12);
        assertEquals(0.62296296296296305, s.bcubedRecall(), 1e-12);
    }
}

package io.faceengine.clustering.eval;

/**
 * Quality of a predicted face clustering measured against true identities.
 *
 * <p>Several metric families are reported together because each hides a different failure:
 * pairwise scores are dominated by large identities, BCubed weights every face equally, and
 * NMI summarises how much the clustering tells about identity regardless of cluster count.
 *
 * @param items             faces evaluated (keys present in both the truth and the prediction)
 * @param trueIdentities    distinct true identities among the evaluated faces
 * @param predictedClusters distinct predicted clusters among the evaluated faces
 * @param pairwisePrecision share of same-cluster face pairs that are the same identity
 * @param pairwiseRecall    share of same-identity face pairs that were put in the same cluster
 * @param pairwiseF1        harmonic mean of pairwise precision and recall
 * @param bcubedPrecision   per-face cluster purity, averaged over faces
 * @param bcubedRecall      per-face identity completeness, averaged over faces
 * @param bcubedF1          harmonic mean of BCubed precision and recall
 * @param nmi               normalized mutual information, arithmetic-mean normalisation
 * @param purity            share of faces whose cluster's most common identity is their own: the
 *                          labels that are right when each cluster is named after its majority
 */
public record ClusteringScores(
        int items,
        int trueIdentities,
        int predictedClusters,
        double pairwisePrecision,
        double pairwiseRecall,
        double pairwiseF1,
        double bcubedPrecision,
        double bcubedRecall,
        double bcubedF1,
        double nmi,
        double purity) {
}

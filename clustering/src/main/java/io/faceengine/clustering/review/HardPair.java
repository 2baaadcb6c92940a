package io.faceengine.clustering.review;

/**
 * Two faces and their cosine similarity, {@code a < b}.
 *
 * @param cannotLink true when the pair is cannot-link (e.g. same photo): a certain negative
 */
public record HardPair(int a, int b, float similarity, int clusterA, int clusterB, boolean cannotLink) {
}

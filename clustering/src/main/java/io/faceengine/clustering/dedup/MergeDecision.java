package io.faceengine.clustering.dedup;

/** A pair dedup merged automatically (similarity at or above the auto-merge threshold). */
public record MergeDecision(String clusterId, String otherId, CandidatePair.Target target, float similarity) {
}

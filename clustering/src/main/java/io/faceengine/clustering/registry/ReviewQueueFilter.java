package io.faceengine.clustering.registry;

/** Narrows the review queue; a null field does not filter. */
public record ReviewQueueFilter(String setId, String runId, String reason, ReviewStatus status) {

    public static ReviewQueueFilter any() {
        return new ReviewQueueFilter(null, null, null, null);
    }

    public ReviewQueueFilter withSet(String newSetId) {
        return new ReviewQueueFilter(newSetId, runId, reason, status);
    }

    public ReviewQueueFilter withRun(String newRunId) {
        return new ReviewQueueFilter(setId, newRunId, reason, status);
    }

    public ReviewQueueFilter withReason(String newReason) {
        return new ReviewQueueFilter(setId, runId, newReason, status);
    }

    public ReviewQueueFilter withStatus(ReviewStatus newStatus) {
        return new ReviewQueueFilter(setId, runId, reason, newStatus);
    }
}

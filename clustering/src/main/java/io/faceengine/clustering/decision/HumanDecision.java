package io.faceengine.clustering.decision;

import io.faceengine.clustering.registry.ReviewKind;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An annotator's answer to one review item, with the item as it was asked, so a later run can
 * apply it to the same faces whatever the clustering does meanwhile.
 *
 * @param itemFaceIds     every face of the item (for a cluster question: the cluster's faces)
 * @param selectedFaceIds the faces the answer names (removed, split off, not faces)
 * @param subjects        the sides of a merge question (first: the cluster asked about); empty for
 *                        a cluster question
 */
public record HumanDecision(String decisionId, String itemId, String itemRunId, String setId, ReviewKind itemKind,
                            DecisionKind kind, List<String> itemFaceIds, List<String> selectedFaceIds, String name,
                            List<DecisionSubject> subjects, String annotator, Instant decidedAt) implements Serializable {
    public HumanDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(itemKind, "itemKind of decision " + decisionId);
        Objects.requireNonNull(kind, "kind of decision " + decisionId);
        Objects.requireNonNull(decidedAt, "decidedAt of decision " + decisionId);
        itemFaceIds = itemFaceIds == null ? List.of() : List.copyOf(itemFaceIds);
        selectedFaceIds = selectedFaceIds == null ? List.of() : List.copyOf(selectedFaceIds);
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        if (!itemFaceIds.containsAll(selectedFaceIds)) {
            throw new IllegalArgumentException("decision " + decisionId + " selects faces outside its item");
        }
        if (itemKind == ReviewKind.MERGE && subjects.size() < 2) {
            throw new IllegalArgumentException("decision " + decisionId + " answers a merge question without its two sides");
        }
    }
}

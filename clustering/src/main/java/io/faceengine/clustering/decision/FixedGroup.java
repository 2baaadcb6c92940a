package io.faceengine.clustering.decision;

import java.io.Serializable;
import java.util.List;

/**
 * Faces a human declared to be exactly one cluster: later runs keep them together and keep every
 * other face of the set out of it.
 *
 * @param faceIds    sorted
 * @param decisionId the (latest) decision that fixed the group
 * @param name       the person's name, when an annotator gave one
 */
public record FixedGroup(List<String> faceIds, String decisionId, String name) implements Serializable {
    public FixedGroup {
        faceIds = faceIds.stream().sorted().distinct().toList();
        if (faceIds.isEmpty()) {
            throw new IllegalArgumentException("fixed group of decision " + decisionId + " has no faces");
        }
    }
}

package io.faceengine.clustering.decision;

import java.io.Serializable;
import java.util.List;

/**
 * One side of a review question as the run that asked it saw it: a cluster of that run (its set
 * and faces) or a registry identity (no faces, only its id).
 */
public record DecisionSubject(String clusterId, String setId, String identityId, List<String> faceIds)
        implements Serializable {
    public DecisionSubject {
        faceIds = faceIds == null ? List.of() : faceIds.stream().sorted().toList();
        if (faceIds.isEmpty() && identityId == null) {
            throw new IllegalArgumentException("a decision subject names faces or an identity");
        }
    }

    /** The face that stands for the subject in later runs: its smallest face id, or null for an identity. */
    public String anchorFace() {
        return faceIds.isEmpty() ? null : faceIds.get(0);
    }
}

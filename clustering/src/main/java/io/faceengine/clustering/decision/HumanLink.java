package io.faceengine.clustering.decision;

import java.io.Serializable;
import java.util.Objects;

/**
 * A human answer across sets: the cluster holding {@code face} is (or is not) the same person as
 * the cluster holding {@code otherFace}, or as the registry identity {@code otherIdentity}.
 */
public record HumanLink(String face, String otherFace, String otherIdentity, boolean samePerson, String decisionId)
        implements Serializable {
    public HumanLink {
        Objects.requireNonNull(face, "face");
        if ((otherFace == null) == (otherIdentity == null)) {
            throw new IllegalArgumentException("decision " + decisionId + ": a link names exactly one other face or identity");
        }
    }

    String key() {
        return face + "\n" + (otherFace != null ? "f:" + otherFace : "i:" + otherIdentity);
    }
}

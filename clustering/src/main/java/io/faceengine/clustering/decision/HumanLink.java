package io.faceengine.clustering.decision;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

    /**
     * The link as a run that clusters only one of its faces applies it: the other face, in a set
     * the run leaves as it was, stands for the identity its cluster joined, so a person's answer
     * holds against that identity instead of waiting until both sets are clustered in one run.
     *
     * @param facesInRun            the faces the run clusters
     * @param identityOfEarlierFace identity of faces of sets the run does not cluster
     */
    public HumanLink againstIdentities(Set<String> facesInRun, Map<String, String> identityOfEarlierFace) {
        if (otherFace == null || facesInRun.contains(face) == facesInRun.contains(otherFace)) {
            return this;
        }
        String inRun = facesInRun.contains(face) ? face : otherFace;
        String identity = identityOfEarlierFace.get(inRun.equals(face) ? otherFace : face);
        return identity == null ? this : new HumanLink(inRun, null, identity, samePerson, decisionId);
    }

    String key() {
        return face + "\n" + (otherFace != null ? "f:" + otherFace : "i:" + otherIdentity);
    }
}

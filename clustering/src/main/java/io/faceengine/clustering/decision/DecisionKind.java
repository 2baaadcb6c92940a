package io.faceengine.clustering.decision;

import java.util.Locale;

/** What an annotator answered to a review item, as the review API records it (lower-case text). */
public enum DecisionKind {
    /** The cluster is one person, all of it; or, on a merge question, the two are one person. */
    CONFIRM,
    /** A merge question: the two are different people. */
    REJECT,
    /** The selected faces are one other person: the cluster becomes two. */
    SPLIT,
    /** The two (clusters or identities) are one person. */
    MERGE,
    /** The selected faces (or the whole cluster when none is selected) are not faces. */
    NOT_A_FACE,
    /** The cluster is one person with this name. */
    NAME,
    /** The selected faces are not this person; the rest is. */
    REMOVE;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DecisionKind fromText(String text) {
        for (DecisionKind kind : values()) {
            if (kind.text().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown decision kind '" + text + "'");
    }
}

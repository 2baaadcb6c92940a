package io.faceengine.clustering.decision;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/** What human decisions say about one set: clusters fixed by a person, and faces that are not faces. */
public record SetConstraints(List<FixedGroup> groups, Set<String> notFaces) implements Serializable {
    public static final SetConstraints NONE = new SetConstraints(List.of(), Set.of());

    public SetConstraints {
        groups = List.copyOf(groups);
        notFaces = Set.copyOf(notFaces);
    }

    public boolean isEmpty() {
        return groups.isEmpty() && notFaces.isEmpty();
    }
}

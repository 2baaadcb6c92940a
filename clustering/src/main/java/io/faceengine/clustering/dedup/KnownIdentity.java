package io.faceengine.clustering.dedup;

import java.util.List;
import java.util.Objects;

/**
 * An identity already in the registry from earlier runs. Dedup never renames or merges these:
 * every two known identities are treated as different people, so no cluster can chain them.
 *
 * @param centroid      stored normalised to unit length
 * @param faceCount     faces already labelled with it (the weight of its centroid)
 * @param cannotLinkIds identities a human confirmed to be different people; a conflict between two
 *                      identities not confirmed different is reported as a possible duplicate
 */
public record KnownIdentity(String identityId, float[] centroid, int faceCount, List<String> cannotLinkIds) {

    public KnownIdentity {
        Objects.requireNonNull(identityId, "identityId");
        if (faceCount < 1) {
            throw new IllegalArgumentException("identity " + identityId + " has " + faceCount + " faces");
        }
        centroid = Vectors.unit(centroid, "identity " + identityId);
        cannotLinkIds = List.copyOf(cannotLinkIds);
    }

    public static KnownIdentity of(String identityId, float[] centroid, int faceCount) {
        return new KnownIdentity(identityId, centroid, faceCount, List.of());
    }
}

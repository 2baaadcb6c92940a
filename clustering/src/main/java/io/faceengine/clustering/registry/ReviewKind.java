package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a review item asks: is this cluster one person, or are these identities the same person. */
public enum ReviewKind {
    @JsonProperty("cluster") CLUSTER,
    @JsonProperty("merge") MERGE
}

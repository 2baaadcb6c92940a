package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a review item is in its life: waiting, taken by an annotator, answered, or outdated by a later run. */
public enum ReviewStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("claimed") CLAIMED,
    @JsonProperty("decided") DECIDED,
    /** A later run clustered the item's set again: the question no longer matches the clusters. */
    @JsonProperty("superseded") SUPERSEDED
}

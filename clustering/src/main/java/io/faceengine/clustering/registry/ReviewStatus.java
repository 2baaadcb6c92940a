package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a review item is in its life: waiting, taken by an annotator, or answered. */
public enum ReviewStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("claimed") CLAIMED,
    @JsonProperty("decided") DECIDED
}

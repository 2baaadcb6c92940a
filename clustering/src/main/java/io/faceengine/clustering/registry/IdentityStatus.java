package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an identity came to be: found by a run, confirmed by a person, or waiting for review. */
public enum IdentityStatus {
    @JsonProperty("auto") AUTO,
    @JsonProperty("confirmed") CONFIRMED,
    @JsonProperty("pending") PENDING
}

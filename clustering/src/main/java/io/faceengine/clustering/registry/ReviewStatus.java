package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/** Where a review item is in its life: waiting, taken by an annotator, answered, or outdated by a later run. */
public enum ReviewStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("claimed") CLAIMED,
    @JsonProperty("decided") DECIDED,
    /** A later run clustered the item's set again: the question no longer matches the clusters. */
    @JsonProperty("superseded") SUPERSEDED;

    /** As stored in the review-items index. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReviewStatus fromText(String text) {
        for (ReviewStatus status : values()) {
            if (status.text().equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown review item status '" + text + "'");
    }
}

package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One identity of the registry, as stored in the identities index (document id = identityId).
 *
 * @param centroid     mean embedding of its faces (any length > 0; compared by cosine)
 * @param sets         the sets its faces come from
 * @param createdRun   run that created it
 * @param updatedRun   run that last changed it
 * @param name         a person's label, if an annotator gave one
 * @param modelVersion embedder version the centroid was computed with
 * @param cannotLink   identities a person confirmed to be different people
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IdentityRecord(
        @JsonProperty("identity_id") String identityId,
        @JsonProperty("centroid") float[] centroid,
        @JsonProperty("face_count") int faceCount,
        @JsonProperty("sets") List<String> sets,
        @JsonProperty("created_run") String createdRun,
        @JsonProperty("updated_run") String updatedRun,
        @JsonProperty("status") IdentityStatus status,
        @JsonProperty("name") String name,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("cannot_link") List<String> cannotLink) {

    public IdentityRecord {
        if (identityId == null || identityId.isBlank()) {
            throw new IllegalArgumentException("identity_id must be set");
        }
        Objects.requireNonNull(centroid, "centroid of " + identityId);
        double squares = 0;
        for (float v : centroid) {
            squares += (double) v * v;
        }
        // Cosine is undefined for a zero vector, and Elasticsearch refuses one.
        if (centroid.length == 0 || !(squares > 0) || Double.isInfinite(squares)) {
            throw new IllegalArgumentException("centroid of " + identityId + " has no direction (empty, zero or not finite)");
        }
        if (faceCount < 0) {
            throw new IllegalArgumentException("face_count of " + identityId + " is negative: " + faceCount);
        }
        Objects.requireNonNull(status, "status of " + identityId);
        centroid = centroid.clone();
        sets = sets == null ? List.of() : List.copyOf(sets);
        cannotLink = cannotLink == null ? List.of() : List.copyOf(cannotLink);
    }

    @Override
    public float[] centroid() {
        return centroid.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityRecord r && identityId.equals(r.identityId) && Arrays.equals(centroid, r.centroid)
                && faceCount == r.faceCount && sets.equals(r.sets) && Objects.equals(createdRun, r.createdRun)
                && Objects.equals(updatedRun, r.updatedRun) && status == r.status && Objects.equals(name, r.name)
                && Objects.equals(modelVersion, r.modelVersion) && cannotLink.equals(r.cannotLink);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identityId, Arrays.hashCode(centroid), faceCount, sets, createdRun, updatedRun, status, name,
                modelVersion, cannotLink);
    }

    @Override
    public String toString() {
        return "IdentityRecord[" + identityId + ", " + centroid.length + "-d, faces=" + faceCount + ", sets=" + sets
                + ", status=" + status + (name == null ? "" : ", name=" + name) + "]";
    }
}

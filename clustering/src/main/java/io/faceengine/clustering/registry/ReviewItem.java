package io.faceengine.clustering.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One question for an annotator, as stored in the review-items index (document id = itemId).
 *
 * @param setId                the set the cluster comes from (null for a question across sets)
 * @param reasons              why it needs a person (reason codes of the uncertainty ranking)
 * @param priority             expected gain of answering it; higher is asked first
 * @param size                 faces involved
 * @param identityId           registry identity the cluster was matched to, if any
 * @param candidateIdentityIds other identities it might be
 * @param details              free-form data for the review page; stored, not indexed
 */
// The review API adds lease and decision fields to the stored document; runs do not read them.
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewItem(
        @JsonProperty("item_id") String itemId,
        @JsonProperty("run_id") String runId,
        @JsonProperty("set_id") String setId,
        @JsonProperty("kind") ReviewKind kind,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("priority") float priority,
        @JsonProperty("uncertainty") float uncertainty,
        @JsonProperty("size") int size,
        @JsonProperty("cluster_id") String clusterId,
        @JsonProperty("identity_id") String identityId,
        @JsonProperty("candidate_identity_ids") List<String> candidateIdentityIds,
        @JsonProperty("face_ids") List<String> faceIds,
        @JsonProperty("status") ReviewStatus status,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("details") JsonNode details) {

    public ReviewItem {
        if (itemId == null || itemId.isBlank()) {
            throw new IllegalArgumentException("item_id must be set");
        }
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("run_id of review item " + itemId + " must be set");
        }
        Objects.requireNonNull(kind, "kind of review item " + itemId);
        Objects.requireNonNull(status, "status of review item " + itemId);
        Objects.requireNonNull(createdAt, "created_at of review item " + itemId);
        if (!Float.isFinite(priority) || !Float.isFinite(uncertainty)) {
            throw new IllegalArgumentException("priority and uncertainty of review item " + itemId + " must be finite");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size of review item " + itemId + " is negative: " + size);
        }
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        candidateIdentityIds = candidateIdentityIds == null ? List.of() : List.copyOf(candidateIdentityIds);
        faceIds = faceIds == null ? List.of() : List.copyOf(faceIds);
        details = details == null ? null : details.deepCopy();
    }

    public ReviewItem withStatus(ReviewStatus newStatus) {
        return new ReviewItem(itemId, runId, setId, kind, reasons, priority, uncertainty, size, clusterId, identityId,
                candidateIdentityIds, faceIds, newStatus, createdAt, details);
    }
}

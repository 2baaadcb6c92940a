package io.faceengine.clustering.dedup;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.config.OptionsReader;

/**
 * Thresholds of cross-set dedup, as cosine similarities of centroids. Centroids average out
 * per-face noise, so same-person centroids sit higher than same-person face pairs.
 *
 * @param autoMergeThreshold pairs at or above merge without review (strongest first)
 * @param reviewThreshold    pairs in [reviewThreshold, autoMergeThreshold) go to human review; below stay apart
 * @param identityMargin     a cluster joins a known identity automatically only if that identity beats the
 *                           next one above the auto threshold by at least this much; otherwise both go to review
 * @param crossSetOnly       ignore pairs of clusters from the same set (intra-set clustering already kept them apart)
 */
public record DedupOptions(float autoMergeThreshold, float reviewThreshold, float identityMargin, boolean crossSetOnly)
        implements java.io.Serializable {

    public DedupOptions {
        if (!(autoMergeThreshold > -1 && autoMergeThreshold <= 1)) {
            throw new IllegalArgumentException("dedup.autoMergeThreshold must be in (-1, 1], got " + autoMergeThreshold);
        }
        if (!(reviewThreshold > -1 && reviewThreshold <= autoMergeThreshold)) {
            throw new IllegalArgumentException("dedup.reviewThreshold must be in (-1, autoMergeThreshold], got " + reviewThreshold);
        }
        if (!(identityMargin >= 0 && identityMargin < 2)) {
            throw new IllegalArgumentException("dedup.identityMargin must be in [0, 2), got " + identityMargin);
        }
    }

    public static DedupOptions defaults() {
        return new DedupOptions(0.60f, 0.50f, 0.05f, true);
    }

    /** Reads the {@code dedup} section; absent keys keep {@link #defaults()}. */
    public static DedupOptions fromTree(JsonNode section) {
        return OptionsReader.read(section, defaults(), DedupOptions.class, "dedup");
    }
}

package io.faceengine.clustering.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.config.OptionsReader;

/**
 * Knobs of {@link ClusterUncertainty}; similarities are cosines.
 *
 * @param nearThresholdBand    width of the band around the clustering threshold counted as "near"
 * @param acceptCohesion       least mean member-to-centroid cosine of an automatically accepted cluster
 * @param acceptMargin         least cohesion minus nearest other centroid's cosine of an accepted cluster
 * @param minAcceptSize        least members of an accepted cluster
 * @param outlierMinSimilarity a member below this cosine to its centroid is an outlier
 * @param outlierDrop          a member this far below the cluster's median member cosine is an outlier
 * @param boundaryMargin       a face is on a boundary when another centroid is within this of its own
 */
public record UncertaintyOptions(float nearThresholdBand, float acceptCohesion, float acceptMargin, int minAcceptSize,
                                 float outlierMinSimilarity, float outlierDrop, float boundaryMargin)
        implements java.io.Serializable {

    public UncertaintyOptions {
        if (!(nearThresholdBand >= 0 && nearThresholdBand < 1)) {
            throw new IllegalArgumentException("review.uncertainty.nearThresholdBand must be in [0, 1), got " + nearThresholdBand);
        }
        if (!(acceptCohesion > 0 && acceptCohesion <= 1)) {
            throw new IllegalArgumentException("review.uncertainty.acceptCohesion must be in (0, 1], got " + acceptCohesion);
        }
        if (!(acceptMargin > 0 && acceptMargin <= 2)) {
            throw new IllegalArgumentException("review.uncertainty.acceptMargin must be in (0, 2], got " + acceptMargin);
        }
        if (minAcceptSize < 1) {
            throw new IllegalArgumentException("review.uncertainty.minAcceptSize must be positive, got " + minAcceptSize);
        }
        if (!(outlierMinSimilarity >= -1 && outlierMinSimilarity <= 1)) {
            throw new IllegalArgumentException("review.uncertainty.outlierMinSimilarity must be in [-1, 1], got " + outlierMinSimilarity);
        }
        if (!(outlierDrop > 0)) {
            throw new IllegalArgumentException("review.uncertainty.outlierDrop must be positive, got " + outlierDrop);
        }
        if (!(boundaryMargin >= 0)) {
            throw new IllegalArgumentException("review.uncertainty.boundaryMargin must be >= 0, got " + boundaryMargin);
        }
    }

    public static UncertaintyOptions defaults() {
        return new UncertaintyOptions(0.05f, 0.65f, 0.25f, 1, 0.30f, 0.25f, 0.05f);
    }

    /** Reads the {@code review.uncertainty} section; absent keys keep {@link #defaults()}. */
    public static UncertaintyOptions fromTree(JsonNode section) {
        return OptionsReader.read(section, defaults(), UncertaintyOptions.class, "review.uncertainty");
    }
}

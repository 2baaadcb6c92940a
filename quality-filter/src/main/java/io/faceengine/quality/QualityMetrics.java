package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.RgbImage;

import java.io.Serializable;

/**
 * What the quality policy judges a face by. All values are finite, except that a metric which does
 * not apply to the face's origin ({@link QualityMetric#appliesTo}) is NaN.
 *
 * @param detScore        the detector's confidence, 0..1
 * @param interOcular     distance between the eye landmarks in source-image pixels (face size)
 * @param boxHeight       height of the detection box in source-image pixels
 * @param blur            variance of the Laplacian of the grey face region of the aligned crop; low = blurred
 * @param brightness      mean grey level of that region, 0..255
 * @param clippedFraction fraction of that region's pixels clipped to black or white, 0..1
 * @param yaw             degrees, see {@link HeadPose}
 * @param pitch           degrees, see {@link HeadPose}
 * @param roll            degrees, see {@link HeadPose}
 */
public record QualityMetrics(float detScore, float interOcular, float boxHeight, float blur, float brightness,
                             float clippedFraction, float yaw, float pitch, float roll) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Measures one face.
     *
     * @param crop      the aligned crop (the standard template, so the face region is where {@link FaceRegion} expects)
     * @param landmarks the detector's landmarks in source-image pixels
     */
    public static QualityMetrics measure(RgbImage crop, float detScore, float boxHeight, Landmarks5 landmarks) {
        GreyImage grey = GreyImage.of(crop);
        FaceRegion region = FaceRegion.of(crop.width(), crop.height());
        Exposure exposure = Exposure.of(grey, region);
        HeadPose pose = HeadPose.fromLandmarks(landmarks);
        return new QualityMetrics(detScore, landmarks.interOcularDistance(), boxHeight,
                Sharpness.laplacianVariance(grey, region), exposure.brightness(), exposure.clippedFraction(),
                pose.yaw(), pose.pitch(), pose.roll());
    }

    /**
     * Measures a crop handed in already aligned: only what the crop itself shows. Its box and
     * landmarks are the whole image and the template, so size and pose from them would be constants
     * that say nothing about the face.
     */
    public static QualityMetrics measureGivenCrop(RgbImage crop) {
        GreyImage grey = GreyImage.of(crop);
        FaceRegion region = FaceRegion.of(crop.width(), crop.height());
        Exposure exposure = Exposure.of(grey, region);
        float na = Float.NaN;
        return new QualityMetrics(na, na, na, Sharpness.laplacianVariance(grey, region), exposure.brightness(),
                exposure.clippedFraction(), na, na, na);
    }

    /** Where a face with these metrics came from: a given crop has no detector score. */
    public FaceOrigin origin() {
        return FaceOrigin.ofDetScore(detScore);
    }
}

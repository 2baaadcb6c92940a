package io.faceengine.pipeline.face;

/**
 * Where a face came from. In the faces table a given crop has {@code det_score} NaN: no detector
 * judged it, and a made-up confidence would read as a real one.
 */
public enum FaceOrigin {
    /** Found by the detector and warped to the alignment template by the engine. */
    DETECTED,
    /** Handed in as an already aligned crop (input.alignedCrops): the whole image is the face. */
    GIVEN_CROP;

    /** The origin a stored face's detector score shows. */
    public static FaceOrigin ofDetScore(float detScore) {
        return Float.isNaN(detScore) ? GIVEN_CROP : DETECTED;
    }
}

package io.faceengine.pipeline.face;

/** One face found by a detector: where, how confident, and its five landmarks. */
public record DetectedFace(FaceBox box, float score, Landmarks5 landmarks) {
}

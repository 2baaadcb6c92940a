package io.faceengine.quality;

/** Why a face failed the quality policy. The names are the codes stored in {@code quality_reasons}. */
public enum QualityReason {
    LOW_DET_SCORE,
    SMALL_FACE,
    BLURRY,
    TOO_DARK,
    TOO_BRIGHT,
    CLIPPED,
    POSE_YAW,
    POSE_PITCH,
    POSE_ROLL,
    /** Set by the embedding stage: the embedder's raw output norm is low, typical of non-faces and bad crops. */
    LOW_EMBEDDING_NORM
}

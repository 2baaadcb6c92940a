package io.faceengine.pipeline.image;

/** Why an image could not be decoded. Callers branch on this, users read the exception message. */
public enum DecodeFailure {
    /** The file or byte array has no content. */
    EMPTY_FILE,
    /** The encoded size is above {@link ImageLimits#maxFileBytes()}. */
    FILE_TOO_LARGE,
    /** The header declares more pixels than {@link ImageLimits#maxPixels()}; nothing was decoded. */
    TOO_MANY_PIXELS,
    /** No image reader recognises the bytes: not an image, or a format with no reader at all. */
    NOT_AN_IMAGE,
    /** The format was recognised, but this decoder does not handle it or that variant of it. */
    UNSUPPORTED_FORMAT,
    /** The data is truncated or damaged. */
    CORRUPT,
    /** The file could not be read from storage. */
    UNREADABLE,
    /**
     * The decoder ran out of heap. Either many large images were decoded at once (worth a retry)
     * or a damaged header made the decoder ask for far more than the image needs.
     */
    OUT_OF_MEMORY
}

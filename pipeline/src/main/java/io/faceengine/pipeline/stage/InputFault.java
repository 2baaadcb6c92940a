package io.faceengine.pipeline.stage;

/**
 * Why a listed input was not read as an image file. Recorded as the image's status, like a
 * {@link io.faceengine.pipeline.image.DecodeFailure}, so the run completes and nothing is lost.
 */
public enum InputFault {
    /** A FIFO, device, socket or directory where a file was expected: reading it could hang or never end. */
    NOT_A_REGULAR_FILE,
    /** A symbolic link that leads back to itself, or a directory link to one of its own parents. */
    SYMLINK_LOOP,
    /** A symbolic link whose target does not exist. */
    DANGLING_SYMLINK,
    /** A manifest named a URI outside the allowed schemes and roots (input.manifestSchemes, input.manifestRoots). */
    URI_NOT_ALLOWED
}

package io.faceengine.pipeline.image;

import java.util.Objects;

/** An image could not be decoded; the message says which input, what is wrong and what to do. */
public final class ImageDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final DecodeFailure reason;

    public ImageDecodeException(DecodeFailure reason, String message) {
        this(reason, message, null);
    }

    public ImageDecodeException(DecodeFailure reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public DecodeFailure reason() {
        return reason;
    }
}

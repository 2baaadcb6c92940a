package io.faceengine.pipeline.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Spots input that was cut off although the reader would decode it "successfully".
 *
 * <p>JPEG readers do not fail on a cut-off file: they fill the missing rows with grey and only
 * warn. Such a picture would silently poison detection and training, so the warnings that mean
 * "the data ended early" (missing EOI marker, premature end of data) make the decode fail as
 * {@link DecodeFailure#CORRUPT}. Other warnings, such as a few extraneous bytes between markers or a
 * missing colour profile, are common in files that look fine and are let through.
 *
 * <p>The WebP decoder can finish without touching the last bytes of a cut-off file, so for WebP the
 * length declared in the RIFF header is compared with the bytes present, before decoding.
 */
final class Truncation {
    /* Not every warning mentioning truncation counts: a cut-off thumbnail leaves the picture intact. */
    private static final List<String> TRUNCATION_WARNINGS = List.of("missing eoi", "premature end");
    private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
    private static final int RIFF_HEADER_BYTES = 8;

    private Truncation() {
    }

    /** The first reader warning that means the data ended early, if any. */
    static Optional<String> warningOf(List<String> warnings) {
        return warnings.stream()
                .filter(warning -> {
                    String lower = warning.toLowerCase(Locale.ROOT);
                    return TRUNCATION_WARNINGS.stream().anyMatch(lower::contains);
                })
                .findFirst();
    }

    /** Why the container is shorter than it declares, or empty if it is not (or has no length field). */
    static Optional<String> containerShortfall(SupportedFormat format, byte[] bytes) {
        if (format != SupportedFormat.WEBP || bytes.length < RIFF_HEADER_BYTES
                || !Arrays.equals(bytes, 0, RIFF.length, RIFF, 0, RIFF.length)) {
            return Optional.empty();
        }
        long declaredPayload = (bytes[4] & 0xFFL) | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16
                | (bytes[7] & 0xFFL) << 24;
        long declaredTotal = declaredPayload + RIFF_HEADER_BYTES;
        if (declaredTotal > bytes.length) {
            return Optional.of("its header declares " + declaredTotal + " bytes but only " + bytes.length
                    + " are present");
        }
        return Optional.empty();
    }
}

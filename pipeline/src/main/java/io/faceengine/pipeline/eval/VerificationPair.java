package io.faceengine.pipeline.eval;

import java.nio.file.Path;

/** Two images that show the same person or not; {@code fold} groups pairs for cross-validation. */
public record VerificationPair(Path imageA, Path imageB, boolean same, int fold) {
}

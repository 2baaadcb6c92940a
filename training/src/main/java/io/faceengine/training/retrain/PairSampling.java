package io.faceengine.training.retrain;

/**
 * Which faces of a split verification compares: up to {@code maxFacesPerIdentity} faces of each
 * identity and up to {@code maxFaces} in all (whole identities, chosen by hashes seeded with
 * {@code seed}), so the same data always gives the same faces. Every pair of the chosen faces is
 * scored, which bounds the driver's work at {@code maxFaces²/2} cosines however large the manifest.
 * A candidate judged on fewer than {@code minSamePairs} same-person validation pairs is not
 * promoted: a TAR on a dozen pairs moves by several points with one pair.
 */
public record PairSampling(int maxFacesPerIdentity, int maxFaces, long seed, int minSamePairs) {

    public PairSampling {
        if (maxFacesPerIdentity < 2) {
            throw new IllegalArgumentException("training.verification.maxFacesPerIdentity must be >= 2 (a pair), got "
                    + maxFacesPerIdentity);
        }
        if (maxFaces < maxFacesPerIdentity) {
            throw new IllegalArgumentException("training.verification.maxFaces must be >= maxFacesPerIdentity, got "
                    + maxFaces);
        }
        if (minSamePairs < 1) {
            throw new IllegalArgumentException("training.verification.minSamePairs must be >= 1, got " + minSamePairs);
        }
    }

    public static PairSampling defaults() {
        return new PairSampling(10, 3000, 7, 50);
    }
}

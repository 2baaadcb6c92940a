package io.faceengine.jobs.train;

/**
 * How verification pairs are drawn from a split: up to {@code maxPositivesPerIdentity} pairs of
 * faces of the same identity, and as many pairs of different identities, all chosen by hashes
 * seeded with {@code seed}, so the same data always gives the same pairs.
 */
public record PairSampling(int maxPositivesPerIdentity, long seed) {

    public PairSampling {
        if (maxPositivesPerIdentity < 1) {
            throw new IllegalArgumentException("training.verification.maxPositivesPerIdentity must be >= 1, got "
                    + maxPositivesPerIdentity);
        }
    }

    public static PairSampling defaults() {
        return new PairSampling(10, 7);
    }
}

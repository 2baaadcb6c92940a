package io.faceengine.api;

import java.time.Duration;

/**
 * How much of the queue one annotator may hold. A claim leases an item for the lease; claiming it
 * again renews the lease, but never past {@code maxHold} after the claim began, so nobody keeps an
 * item by re-claiming it. Once the lease ends the item is open to everyone again.
 *
 * @param maxOpenClaims items one annotator may hold (unexpired leases) at once
 * @param maxHold       longest one annotator may keep an item, renewals included
 */
public record ClaimRules(int maxOpenClaims, Duration maxHold) {
    public ClaimRules {
        if (maxOpenClaims < 1) {
            throw new IllegalArgumentException("maxOpenClaims must be at least 1, got " + maxOpenClaims);
        }
        if (maxHold == null || maxHold.isNegative() || maxHold.isZero()) {
            throw new IllegalArgumentException("maxHold must be positive, got " + maxHold);
        }
    }

    /** Five items at once (the page works on one; a few open tabs fit), each kept at most three leases long. */
    public static ClaimRules defaults(Duration lease) {
        return new ClaimRules(5, lease.multipliedBy(3));
    }
}

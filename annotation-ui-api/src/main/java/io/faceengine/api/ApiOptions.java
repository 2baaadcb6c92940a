package io.faceengine.api;

import io.faceengine.clustering.registry.ElasticsearchOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the review API runs.
 *
 * @param bindAddress address to listen on
 * @param port        port to listen on; 0 picks a free one
 * @param lease       how long a claim keeps an item for its annotator
 * @param threads     requests worked on at once (more wait, within the answer timeout)
 * @param dataRoot    the engine's local data root, whose committed manifests the API serves; null
 *                    turns the manifest endpoints off
 * @param limits      client and answer timeouts
 * @param claims      how much of the queue one annotator may hold
 */
public record ApiOptions(String bindAddress, int port, Duration lease, int threads, ElasticsearchOptions elasticsearch,
                         Path dataRoot, ServerLimits limits, ClaimRules claims) {
    /** Largest request body accepted; decisions are a few hundred bytes. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public ApiOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(elasticsearch, "elasticsearch");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (lease == null || lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(claims, "claims");
        if (claims.maxHold().compareTo(lease) < 0) {
            throw new IllegalArgumentException("the longest hold (" + claims.maxHold() + ") is shorter than a lease (" + lease + ")");
        }
    }

    /** With the default limits and claim rules. */
    public ApiOptions(String bindAddress, int port, Duration lease, int threads, ElasticsearchOptions elasticsearch,
                      Path dataRoot) {
        this(bindAddress, port, lease, threads, elasticsearch, dataRoot, ServerLimits.defaults(), ClaimRules.defaults(lease));
    }

    /** Without a data root: the manifest endpoints answer 404. */
    public ApiOptions(String bindAddress, int port, Duration lease, int threads, ElasticsearchOptions elasticsearch) {
        this(bindAddress, port, lease, threads, elasticsearch, null);
    }

    public ApiOptions withLimits(ServerLimits newLimits) {
        return new ApiOptions(bindAddress, port, lease, threads, elasticsearch, dataRoot, newLimits, claims);
    }

    public ApiOptions withClaims(ClaimRules newClaims) {
        return new ApiOptions(bindAddress, port, lease, threads, elasticsearch, dataRoot, limits, newClaims);
    }
}

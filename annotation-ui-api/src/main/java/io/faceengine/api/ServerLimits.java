package io.faceengine.api;

import java.time.Duration;

/**
 * How long the server waits for a client and for its own answer.
 *
 * @param idleTimeout   a connection on which nothing moves for this long is closed (reading or writing)
 * @param headerTimeout a request whose line and headers are still incomplete after this long is dropped,
 *                      however slowly the bytes keep coming (checked every this long, so it goes within twice it)
 * @param answerTimeout the longest a request waits for its answer (Elasticsearch, the data root); after it,
 *                      503 {@code timed_out}
 */
public record ServerLimits(Duration idleTimeout, Duration headerTimeout, Duration answerTimeout) {
    public ServerLimits {
        positive(idleTimeout, "idleTimeout");
        positive(headerTimeout, "headerTimeout");
        positive(answerTimeout, "answerTimeout");
    }

    public static ServerLimits defaults() {
        return new ServerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    private static void positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
